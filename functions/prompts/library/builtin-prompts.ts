/**
 * The built-in conversation prompt library, shipped with the code as versioned data.
 *
 * These prompts are what a reconnect session draws from (alongside any prompts a
 * counseling practice adds). Couples' sessions, answers and practices' homework
 * refer to prompts by id, so the rules below keep those references meaningful forever.
 *
 * Rules for changing this file:
 *  1. Ids are permanent. An id is `<theme prefix>-<3 digits>` (vul, tru, lis, spk,
 *     gol, saf, apr, rec, rep, day; see THEME_ID_PREFIX) and, once released, always
 *     means the same prompt.
 *  2. Never delete a prompt and never reuse its id. To retire a prompt set
 *     `archived: true`; archived prompts are no longer drawn for new sessions but
 *     still resolve for old ones.
 *  3. A new prompt takes the next unused number for its theme (after the highest one
 *     ever used, archived ones included), and its id is added to
 *     `prompt-ids.lock.json` (sorted). The test suite fails if an id in the lock file
 *     is missing here, or if an id here is not in the lock file.
 *  4. Fixing a typo or softening the wording is fine; changing what a prompt asks is
 *     not: archive it and add a new one instead.
 *  5. Bump PROMPT_LIBRARY_VERSION (`YYYY.MM.N`) on every change, so the idempotent
 *     seeding knows the library changed.
 *
 * Wording: warm, concrete, open questions or invitations addressed to "you",
 * "your partner" or "us". Inclusive: never assume gender, marriage, children, living
 * together or any particular kind of relationship. DEEP prompts carry 2-3 follow-ups.
 * Texts stay under 200 characters, follow-ups under 160.
 */

export type PromptTheme =
  | 'VULNERABILITY'
  | 'TRUST'
  | 'LISTENING'
  | 'SPEAKING_TRUTH'
  | 'GOALS_AND_DREAMS'
  | 'FEELING_SAFE'
  | 'APPRECIATION'
  | 'RECONNECTING'
  | 'REPAIR'
  | 'DAILY_LIFE';

export type PromptDepth = 'LIGHT' | 'MEDIUM' | 'DEEP';

export interface BuiltinPrompt {
  id: string;
  theme: PromptTheme;
  depth: PromptDepth;
  text: string;
  followUps: readonly string[];
  archived: boolean;
}

/** Bump on every change to builtinPrompts() (format `YYYY.MM.N`). */
export const PROMPT_LIBRARY_VERSION = '2026.11.1';

/** The id prefix of each theme: a prompt's id is `${prefix}-NNN`. */
export const THEME_ID_PREFIX: Readonly<Record<PromptTheme, string>> = {
  VULNERABILITY: 'vul',
  TRUST: 'tru',
  LISTENING: 'lis',
  SPEAKING_TRUTH: 'spk',
  GOALS_AND_DREAMS: 'gol',
  FEELING_SAFE: 'saf',
  APPRECIATION: 'apr',
  RECONNECTING: 'rec',
  REPAIR: 'rep',
  DAILY_LIFE: 'day',
};

let library: readonly BuiltinPrompt[] | undefined;

/**
 * The library, built on its first use and then kept. A function rather than
 * a module-level array: every cold start of the GraphQL Lambda evaluates this
 * module, and most first requests (`me`) never draw a prompt; V8 only
 * pre-parses a function body it has not called, where a top-level literal of
 * this size is compiled and allocated at import (README "Cold start, third round").
 */
export function builtinPrompts(): readonly BuiltinPrompt[] {
  library ??= buildLibrary();
  return library;
}

function buildLibrary(): readonly BuiltinPrompt[] {
  return [
  // VULNERABILITY
  {
    id: 'vul-001',
    theme: 'VULNERABILITY',
    depth: 'LIGHT',
    text: 'What is one small thing that made you a little nervous this week, and how did you handle it?',
    followUps: [
      'What helped you feel steadier afterwards?',
    ],
    archived: false,
  },
  {
    id: 'vul-002',
    theme: 'VULNERABILITY',
    depth: 'LIGHT',
    text: "What is something you are quietly proud of lately that you haven't mentioned to your partner yet?",
    followUps: [],
    archived: false,
  },
  {
    id: 'vul-003',
    theme: 'VULNERABILITY',
    depth: 'LIGHT',
    text: "When you've had a rough day, what is one small gesture from your partner that helps?",
    followUps: [
      'Is there a gesture that would help even more?',
    ],
    archived: false,
  },
  {
    id: 'vul-004',
    theme: 'VULNERABILITY',
    depth: 'LIGHT',
    text: 'What is a song, film or book that moved you more than you expected? What did it touch in you?',
    followUps: [],
    archived: false,
  },
  {
    id: 'vul-005',
    theme: 'VULNERABILITY',
    depth: 'MEDIUM',
    text: 'What is something you find hard to ask for, even from someone you love?',
    followUps: [
      'What makes asking feel risky?',
    ],
    archived: false,
  },
  {
    id: 'vul-006',
    theme: 'VULNERABILITY',
    depth: 'MEDIUM',
    text: 'When do you tend to hide how you really feel, and what are you protecting when you do?',
    followUps: [],
    archived: false,
  },
  {
    id: 'vul-007',
    theme: 'VULNERABILITY',
    depth: 'MEDIUM',
    text: "What is one need of yours that you sometimes play down so you don't seem like \"too much\"?",
    followUps: [
      'What would it be like to name it plainly?',
    ],
    archived: false,
  },
  {
    id: 'vul-008',
    theme: 'VULNERABILITY',
    depth: 'MEDIUM',
    text: 'What part of yourself do you wish your partner saw more often?',
    followUps: [
      'What could help that part come out more?',
    ],
    archived: false,
  },
  {
    id: 'vul-009',
    theme: 'VULNERABILITY',
    depth: 'MEDIUM',
    text: 'Share a moment when you felt embarrassed around your partner. What was going on inside you?',
    followUps: [],
    archived: false,
  },
  {
    id: 'vul-010',
    theme: 'VULNERABILITY',
    depth: 'DEEP',
    text: 'What is a fear about our relationship that you rarely say out loud?',
    followUps: [
      'When does that fear feel strongest?',
      'What could your partner do or say that would ease it a little?',
    ],
    archived: false,
  },
  {
    id: 'vul-011',
    theme: 'VULNERABILITY',
    depth: 'DEEP',
    text: "When in your life did you learn that it wasn't safe to show certain feelings? How does that still show up between us?",
    followUps: [
      'Which feelings are still hardest to show?',
      'What would help you risk showing them with your partner?',
    ],
    archived: false,
  },
  {
    id: 'vul-012',
    theme: 'VULNERABILITY',
    depth: 'DEEP',
    text: "What do you need from your partner right now that you haven't fully asked for?",
    followUps: [
      'What has kept you from asking?',
      'How would you like your partner to respond when you do ask?',
    ],
    archived: false,
  },
  {
    id: 'vul-013',
    theme: 'VULNERABILITY',
    depth: 'DEEP',
    text: 'What is a hurt from before you met that still shapes how you love today?',
    followUps: [
      'How might your partner notice it showing up?',
      'What helps you feel cared for when that old hurt is stirred?',
    ],
    archived: false,
  },
  {
    id: 'vul-014',
    theme: 'VULNERABILITY',
    depth: 'DEEP',
    text: 'When do you feel most alone, even when the two of you are together?',
    followUps: [
      'What would bridge that gap in those moments?',
      'How could you let your partner know when it is happening?',
    ],
    archived: false,
  },

  // TRUST
  {
    id: 'tru-001',
    theme: 'TRUST',
    depth: 'LIGHT',
    text: 'What is one small promise your partner kept recently that meant more than they might realize?',
    followUps: [],
    archived: false,
  },
  {
    id: 'tru-002',
    theme: 'TRUST',
    depth: 'LIGHT',
    text: 'What is something you trust your partner to handle better than you do?',
    followUps: [],
    archived: false,
  },
  {
    id: 'tru-003',
    theme: 'TRUST',
    depth: 'LIGHT',
    text: "What little habit of your partner's makes you feel you can count on them?",
    followUps: [],
    archived: false,
  },
  {
    id: 'tru-004',
    theme: 'TRUST',
    depth: 'LIGHT',
    text: 'When did you last feel completely at ease with your partner? What was happening?',
    followUps: [
      'What made that moment feel so easy?',
    ],
    archived: false,
  },
  {
    id: 'tru-005',
    theme: 'TRUST',
    depth: 'MEDIUM',
    text: 'What does being reliable look like to you in day-to-day life?',
    followUps: [
      "Is there one area where you'd like more of that from each other?",
    ],
    archived: false,
  },
  {
    id: 'tru-006',
    theme: 'TRUST',
    depth: 'MEDIUM',
    text: 'What helps you trust that your partner has your back when you are not in the room?',
    followUps: [],
    archived: false,
  },
  {
    id: 'tru-007',
    theme: 'TRUST',
    depth: 'MEDIUM',
    text: 'How do you like your partner to tell you when plans change or something slips?',
    followUps: [
      'What makes a change easier to take?',
    ],
    archived: false,
  },
  {
    id: 'tru-008',
    theme: 'TRUST',
    depth: 'MEDIUM',
    text: 'What did trust look like in the family or community you grew up in, and what have you kept or left behind?',
    followUps: [],
    archived: false,
  },
  {
    id: 'tru-009',
    theme: 'TRUST',
    depth: 'MEDIUM',
    text: 'Where do you feel your trust in each other has grown the most since you first met?',
    followUps: [
      'What helped it grow?',
    ],
    archived: false,
  },
  {
    id: 'tru-010',
    theme: 'TRUST',
    depth: 'DEEP',
    text: 'Has there been a moment when your trust in your partner was shaken? What would help it feel fully steady again?',
    followUps: [
      "What did you need in that moment that you didn't get?",
      'What has already helped rebuild it?',
    ],
    archived: false,
  },
  {
    id: 'tru-011',
    theme: 'TRUST',
    depth: 'DEEP',
    text: 'What is something you find hard to trust anyone with, and what would it take to trust your partner with it?',
    followUps: [
      'What would you want your partner to do with what you share?',
      'What could a first small step look like?',
    ],
    archived: false,
  },
  {
    id: 'tru-012',
    theme: 'TRUST',
    depth: 'DEEP',
    text: 'What do you fear might happen if you depended on your partner completely?',
    followUps: [
      'Where does that fear come from?',
      'What would make depending on each other feel safer?',
    ],
    archived: false,
  },
  {
    id: 'tru-013',
    theme: 'TRUST',
    depth: 'DEEP',
    text: 'When have you felt your partner put something or someone ahead of you? How did that affect your trust?',
    followUps: [
      'What do you wish your partner had understood then?',
      'What would reassure you now?',
    ],
    archived: false,
  },
  {
    id: 'tru-014',
    theme: 'TRUST',
    depth: 'DEEP',
    text: 'What does being truly trustworthy to your partner mean to you, and where do you fall short of it?',
    followUps: [
      'What gets in the way?',
      'What is one thing you could do differently this month?',
    ],
    archived: false,
  },

  // LISTENING
  {
    id: 'lis-001',
    theme: 'LISTENING',
    depth: 'LIGHT',
    text: 'What is something your partner said recently that stuck with you in a good way?',
    followUps: [],
    archived: false,
  },
  {
    id: 'lis-002',
    theme: 'LISTENING',
    depth: 'LIGHT',
    text: 'When do you find it easiest to talk: on a walk, over food, late at night, or somewhere else?',
    followUps: [
      'What makes that setting work for you?',
    ],
    archived: false,
  },
  {
    id: 'lis-003',
    theme: 'LISTENING',
    depth: 'LIGHT',
    text: 'What is a topic you could happily listen to your partner talk about for hours?',
    followUps: [],
    archived: false,
  },
  {
    id: 'lis-004',
    theme: 'LISTENING',
    depth: 'LIGHT',
    text: 'How can your partner tell when you really want to talk, rather than just wanting company?',
    followUps: [],
    archived: false,
  },
  {
    id: 'lis-005',
    theme: 'LISTENING',
    depth: 'MEDIUM',
    text: 'When you share a problem, do you usually want solutions, comfort or just someone to listen?',
    followUps: [
      'What simple signal could you use to say which one you need?',
    ],
    archived: false,
  },
  {
    id: 'lis-006',
    theme: 'LISTENING',
    depth: 'MEDIUM',
    text: 'What is something you wish your partner asked you about more often?',
    followUps: [
      'What would you love to tell them about it?',
    ],
    archived: false,
  },
  {
    id: 'lis-007',
    theme: 'LISTENING',
    depth: 'MEDIUM',
    text: 'When do you notice yourself only half-listening to your partner, and what pulls your attention away?',
    followUps: [],
    archived: false,
  },
  {
    id: 'lis-008',
    theme: 'LISTENING',
    depth: 'MEDIUM',
    text: 'Think of a time you felt really heard by your partner. What did they do that made the difference?',
    followUps: [],
    archived: false,
  },
  {
    id: 'lis-009',
    theme: 'LISTENING',
    depth: 'MEDIUM',
    text: "What do you tend to do when your partner is upset and you're not sure what to say?",
    followUps: [
      'What do you think your partner would want in that moment?',
    ],
    archived: false,
  },
  {
    id: 'lis-010',
    theme: 'LISTENING',
    depth: 'DEEP',
    text: "Is there something you've tried to tell your partner more than once that hasn't landed? Try saying it once more now.",
    followUps: [
      'What do you most want your partner to understand?',
      'Partner: what did you hear? Say it back in your own words.',
    ],
    archived: false,
  },
  {
    id: 'lis-011',
    theme: 'LISTENING',
    depth: 'DEEP',
    text: "When you don't feel heard, what happens inside you, and what do you tend to do next?",
    followUps: [
      'What might that reaction be protecting?',
      'What would help you feel heard sooner?',
    ],
    archived: false,
  },
  {
    id: 'lis-012',
    theme: 'LISTENING',
    depth: 'DEEP',
    text: "What is a part of your story you feel your partner hasn't fully understood yet?",
    followUps: [
      'Why does it matter to you that they understand it?',
      'What question would you love your partner to ask about it?',
    ],
    archived: false,
  },
  {
    id: 'lis-013',
    theme: 'LISTENING',
    depth: 'DEEP',
    text: 'When did you last feel dismissed or misunderstood by your partner? What did you need instead?',
    followUps: [
      'What would you want your partner to say now?',
      'How could you let each other know in the moment?',
    ],
    archived: false,
  },
  {
    id: 'lis-014',
    theme: 'LISTENING',
    depth: 'DEEP',
    text: 'What makes it hard for you to listen when your partner is upset with you?',
    followUps: [
      'What are you afraid you might hear?',
      'What would help you stay open and curious instead?',
    ],
    archived: false,
  },

  // SPEAKING_TRUTH
  {
    id: 'spk-001',
    theme: 'SPEAKING_TRUTH',
    depth: 'LIGHT',
    text: "What is a small preference you've been going along with that you'd actually like to change?",
    followUps: [
      'How could you suggest it in a light way?',
    ],
    archived: false,
  },
  {
    id: 'spk-002',
    theme: 'SPEAKING_TRUTH',
    depth: 'LIGHT',
    text: 'What is an opinion you hold that might surprise your partner?',
    followUps: [],
    archived: false,
  },
  {
    id: 'spk-003',
    theme: 'SPEAKING_TRUTH',
    depth: 'LIGHT',
    text: "What is a guilty pleasure you've never quite owned up to?",
    followUps: [],
    archived: false,
  },
  {
    id: 'spk-004',
    theme: 'SPEAKING_TRUTH',
    depth: 'LIGHT',
    text: 'What is something you changed your mind about recently?',
    followUps: [
      'What changed it?',
    ],
    archived: false,
  },
  {
    id: 'spk-005',
    theme: 'SPEAKING_TRUTH',
    depth: 'MEDIUM',
    text: 'Is there something you keep saying yes to that you would honestly rather say no to?',
    followUps: [
      'What would a kind no sound like?',
    ],
    archived: false,
  },
  {
    id: 'spk-006',
    theme: 'SPEAKING_TRUTH',
    depth: 'MEDIUM',
    text: 'What makes it hard for you to disagree with your partner openly?',
    followUps: [],
    archived: false,
  },
  {
    id: 'spk-007',
    theme: 'SPEAKING_TRUTH',
    depth: 'MEDIUM',
    text: "When you're annoyed, do you say so right away, wait, or let it go? How does that work out for the two of you?",
    followUps: [],
    archived: false,
  },
  {
    id: 'spk-008',
    theme: 'SPEAKING_TRUTH',
    depth: 'MEDIUM',
    text: "What is something you've hinted at rather than said directly? Try saying it plainly now.",
    followUps: [
      'How did it feel to say it directly?',
    ],
    archived: false,
  },
  {
    id: 'spk-009',
    theme: 'SPEAKING_TRUTH',
    depth: 'MEDIUM',
    text: 'How would you like your partner to bring up something difficult with you?',
    followUps: [
      'What timing, words or tone help you listen?',
    ],
    archived: false,
  },
  {
    id: 'spk-010',
    theme: 'SPEAKING_TRUTH',
    depth: 'DEEP',
    text: "What is a truth about how you feel in this relationship that you've been afraid to say?",
    followUps: [
      'What are you afraid might happen if you say it?',
      'How would you like your partner to respond?',
    ],
    archived: false,
  },
  {
    id: 'spk-011',
    theme: 'SPEAKING_TRUTH',
    depth: 'DEEP',
    text: "Is there something you've pretended is fine that isn't? What would it mean to say so kindly?",
    followUps: [
      'How long has it felt this way?',
      'What would help it feel better?',
    ],
    archived: false,
  },
  {
    id: 'spk-012',
    theme: 'SPEAKING_TRUTH',
    depth: 'DEEP',
    text: 'What have you kept to yourself to avoid conflict, and what has that cost you?',
    followUps: [
      'What has it cost the two of you?',
      'What might be gained by talking about it now?',
    ],
    archived: false,
  },
  {
    id: 'spk-013',
    theme: 'SPEAKING_TRUTH',
    depth: 'DEEP',
    text: 'When have you said something hard to your partner that ended up bringing you closer?',
    followUps: [
      'What made it go well?',
      'What could help the next hard conversation go that way too?',
    ],
    archived: false,
  },
  {
    id: 'spk-014',
    theme: 'SPEAKING_TRUTH',
    depth: 'DEEP',
    text: "What do you want your partner to know about you that you worry they won't like?",
    followUps: [
      'What makes you worry about their reaction?',
      'Partner: what do you feel hearing this?',
    ],
    archived: false,
  },

  // GOALS_AND_DREAMS
  {
    id: 'gol-001',
    theme: 'GOALS_AND_DREAMS',
    depth: 'LIGHT',
    text: 'If you had a free day with no obligations, how would you spend it?',
    followUps: [
      'What part of that day could you have this month?',
    ],
    archived: false,
  },
  {
    id: 'gol-002',
    theme: 'GOALS_AND_DREAMS',
    depth: 'LIGHT',
    text: "What is a place you'd love to see someday, and why that one?",
    followUps: [],
    archived: false,
  },
  {
    id: 'gol-003',
    theme: 'GOALS_AND_DREAMS',
    depth: 'LIGHT',
    text: "What is a skill or hobby you've always wanted to try?",
    followUps: [],
    archived: false,
  },
  {
    id: 'gol-004',
    theme: 'GOALS_AND_DREAMS',
    depth: 'LIGHT',
    text: "What is something small you're looking forward to in the next few weeks?",
    followUps: [],
    archived: false,
  },
  {
    id: 'gol-005',
    theme: 'GOALS_AND_DREAMS',
    depth: 'MEDIUM',
    text: "What is a goal you're working on right now, and how could your partner support it?",
    followUps: [
      'What kind of support would feel like too much?',
    ],
    archived: false,
  },
  {
    id: 'gol-006',
    theme: 'GOALS_AND_DREAMS',
    depth: 'MEDIUM',
    text: 'Which dream from your younger years do you still think about?',
    followUps: [
      'What would it look like today?',
    ],
    archived: false,
  },
  {
    id: 'gol-007',
    theme: 'GOALS_AND_DREAMS',
    depth: 'MEDIUM',
    text: 'What does a good life look like to you five years from now?',
    followUps: [
      'Where do your pictures overlap, and where are they different?',
    ],
    archived: false,
  },
  {
    id: 'gol-008',
    theme: 'GOALS_AND_DREAMS',
    depth: 'MEDIUM',
    text: "What is something you'd like the two of you to learn or try together?",
    followUps: [],
    archived: false,
  },
  {
    id: 'gol-009',
    theme: 'GOALS_AND_DREAMS',
    depth: 'MEDIUM',
    text: 'How do you feel about the balance between your own goals and the ones you share with your partner?',
    followUps: [],
    archived: false,
  },
  {
    id: 'gol-010',
    theme: 'GOALS_AND_DREAMS',
    depth: 'DEEP',
    text: "What is a dream you've set aside, and do you still want it?",
    followUps: [
      'What made you set it aside?',
      'What would it take to make a little room for it again?',
    ],
    archived: false,
  },
  {
    id: 'gol-011',
    theme: 'GOALS_AND_DREAMS',
    depth: 'DEEP',
    text: 'What are you afraid might never happen in your life?',
    followUps: [
      'How does that fear affect your choices today?',
      'How could your partner stand with you in it?',
    ],
    archived: false,
  },
  {
    id: 'gol-012',
    theme: 'GOALS_AND_DREAMS',
    depth: 'DEEP',
    text: "Where do you feel your hopes for the future and your partner's might pull in different directions?",
    followUps: [
      'What matters most to each of you underneath those hopes?',
      'What would a path that honors both look like?',
    ],
    archived: false,
  },
  {
    id: 'gol-013',
    theme: 'GOALS_AND_DREAMS',
    depth: 'DEEP',
    text: 'What would you regret not having done together if time ran out sooner than you expect?',
    followUps: [
      'What is one step toward it you could take this year?',
      'What stops you from starting now?',
    ],
    archived: false,
  },
  {
    id: 'gol-014',
    theme: 'GOALS_AND_DREAMS',
    depth: 'DEEP',
    text: 'Who are you hoping to grow into, and how does this relationship help or hinder that?',
    followUps: [
      'Where do you feel supported in that growth?',
      'Where do you feel held back?',
    ],
    archived: false,
  },

  // FEELING_SAFE
  {
    id: 'saf-001',
    theme: 'FEELING_SAFE',
    depth: 'LIGHT',
    text: 'Where do you feel most at home in the world, and why?',
    followUps: [],
    archived: false,
  },
  {
    id: 'saf-002',
    theme: 'FEELING_SAFE',
    depth: 'LIGHT',
    text: 'What is a small thing your partner does that helps you relax?',
    followUps: [],
    archived: false,
  },
  {
    id: 'saf-003',
    theme: 'FEELING_SAFE',
    depth: 'LIGHT',
    text: 'What does a cozy, low-pressure evening look like for you?',
    followUps: [
      'What would make it even cozier?',
    ],
    archived: false,
  },
  {
    id: 'saf-004',
    theme: 'FEELING_SAFE',
    depth: 'LIGHT',
    text: 'What sound, smell or place instantly makes you feel calm?',
    followUps: [],
    archived: false,
  },
  {
    id: 'saf-005',
    theme: 'FEELING_SAFE',
    depth: 'MEDIUM',
    text: 'What helps you feel safe enough to bring up a sensitive topic?',
    followUps: [
      'Is there a time of day or place that works best?',
    ],
    archived: false,
  },
  {
    id: 'saf-006',
    theme: 'FEELING_SAFE',
    depth: 'MEDIUM',
    text: 'When you feel overwhelmed, what do you need from your partner: space, closeness or something else?',
    followUps: [
      'How could you signal that in the moment?',
    ],
    archived: false,
  },
  {
    id: 'saf-007',
    theme: 'FEELING_SAFE',
    depth: 'MEDIUM',
    text: 'Are there topics that feel off limits between you? What makes them feel that way?',
    followUps: [],
    archived: false,
  },
  {
    id: 'saf-008',
    theme: 'FEELING_SAFE',
    depth: 'MEDIUM',
    text: "How can your partner tell when you're starting to shut down?",
    followUps: [
      'What helps you open up again?',
    ],
    archived: false,
  },
  {
    id: 'saf-009',
    theme: 'FEELING_SAFE',
    depth: 'MEDIUM',
    text: 'What tone of voice or body language from your partner helps you feel at ease during a tough talk?',
    followUps: [],
    archived: false,
  },
  {
    id: 'saf-010',
    theme: 'FEELING_SAFE',
    depth: 'DEEP',
    text: 'When have you felt emotionally unsafe with your partner? What would have helped you feel safe?',
    followUps: [
      'What do you need now to feel safe talking about it?',
      'Partner: what do you feel hearing this?',
    ],
    archived: false,
  },
  {
    id: 'saf-011',
    theme: 'FEELING_SAFE',
    depth: 'DEEP',
    text: 'What makes you hold back parts of yourself, even with your partner?',
    followUps: [
      'What would need to change for you to share more?',
      'What would you want your partner to do when you do share?',
    ],
    archived: false,
  },
  {
    id: 'saf-012',
    theme: 'FEELING_SAFE',
    depth: 'DEEP',
    text: 'What experience from your past makes it hard to feel fully safe in a close relationship?',
    followUps: [
      'How does it show up between you today?',
      'What reassures you when it does?',
    ],
    archived: false,
  },
  {
    id: 'saf-013',
    theme: 'FEELING_SAFE',
    depth: 'DEEP',
    text: 'When conflict starts, what is the first thing you feel in your body, and what do you need in that moment?',
    followUps: [
      'How could your partner recognize that moment?',
      'What could the two of you agree to do when it happens?',
    ],
    archived: false,
  },
  {
    id: 'saf-014',
    theme: 'FEELING_SAFE',
    depth: 'DEEP',
    text: 'What would it look like for this relationship to be a place where you never have to pretend?',
    followUps: [
      'Where does it already feel that way?',
      'What is one thing that would bring you closer to it?',
    ],
    archived: false,
  },

  // APPRECIATION
  {
    id: 'apr-001',
    theme: 'APPRECIATION',
    depth: 'LIGHT',
    text: 'What is one thing your partner did this week that you appreciated?',
    followUps: [],
    archived: false,
  },
  {
    id: 'apr-002',
    theme: 'APPRECIATION',
    depth: 'LIGHT',
    text: "What is a quirk of your partner's that you secretly love?",
    followUps: [],
    archived: false,
  },
  {
    id: 'apr-003',
    theme: 'APPRECIATION',
    depth: 'LIGHT',
    text: 'What is a favorite memory of the two of you from the past month?',
    followUps: [
      'What made it special?',
    ],
    archived: false,
  },
  {
    id: 'apr-004',
    theme: 'APPRECIATION',
    depth: 'LIGHT',
    text: 'What is something your partner is really good at that you admire?',
    followUps: [],
    archived: false,
  },
  {
    id: 'apr-005',
    theme: 'APPRECIATION',
    depth: 'MEDIUM',
    text: 'How do you most like to receive appreciation: words, time, touch, help or small gifts?',
    followUps: [
      'What is one example that really landed for you?',
    ],
    archived: false,
  },
  {
    id: 'apr-006',
    theme: 'APPRECIATION',
    depth: 'MEDIUM',
    text: 'What is something your partner does that often goes unnoticed but makes your life easier?',
    followUps: [],
    archived: false,
  },
  {
    id: 'apr-007',
    theme: 'APPRECIATION',
    depth: 'MEDIUM',
    text: 'How has your partner grown since you met, in a way you admire?',
    followUps: [],
    archived: false,
  },
  {
    id: 'apr-008',
    theme: 'APPRECIATION',
    depth: 'MEDIUM',
    text: "What is a quality in your partner that you didn't fully appreciate at first?",
    followUps: [
      'What helped you see it?',
    ],
    archived: false,
  },
  {
    id: 'apr-009',
    theme: 'APPRECIATION',
    depth: 'MEDIUM',
    text: "When did your partner show up for you in a way you've never fully thanked them for?",
    followUps: [
      'What would you like to say to them now?',
    ],
    archived: false,
  },
  {
    id: 'apr-010',
    theme: 'APPRECIATION',
    depth: 'DEEP',
    text: 'What about your partner are you most grateful for during hard times?',
    followUps: [
      'Can you remember a specific moment?',
      'How did it change things for you?',
    ],
    archived: false,
  },
  {
    id: 'apr-011',
    theme: 'APPRECIATION',
    depth: 'DEEP',
    text: 'Do you feel appreciated in this relationship? When do you feel it most, and when least?',
    followUps: [
      'What would help you feel more appreciated?',
      'Partner: what did you hear?',
    ],
    archived: false,
  },
  {
    id: 'apr-012',
    theme: 'APPRECIATION',
    depth: 'DEEP',
    text: 'What is something about who your partner is, not what they do, that you cherish?',
    followUps: [
      'When did you first notice it?',
      'How does it shape your life?',
    ],
    archived: false,
  },
  {
    id: 'apr-013',
    theme: 'APPRECIATION',
    depth: 'DEEP',
    text: 'What effort of yours do you wish your partner noticed more?',
    followUps: [
      'What does that effort cost you?',
      'How would you like it acknowledged?',
    ],
    archived: false,
  },
  {
    id: 'apr-014',
    theme: 'APPRECIATION',
    depth: 'DEEP',
    text: 'How has loving your partner changed you for the better?',
    followUps: [
      'What would you like your partner to know about that change?',
      'How might you keep growing that way?',
    ],
    archived: false,
  },

  // RECONNECTING
  {
    id: 'rec-001',
    theme: 'RECONNECTING',
    depth: 'LIGHT',
    text: 'What is a small ritual the two of you could share, even on busy days?',
    followUps: [
      'When could you start it?',
    ],
    archived: false,
  },
  {
    id: 'rec-002',
    theme: 'RECONNECTING',
    depth: 'LIGHT',
    text: 'What is your favorite way to spend time together when you have only half an hour?',
    followUps: [],
    archived: false,
  },
  {
    id: 'rec-003',
    theme: 'RECONNECTING',
    depth: 'LIGHT',
    text: 'What is something you used to do together that you miss?',
    followUps: [
      'Could you try it again soon?',
    ],
    archived: false,
  },
  {
    id: 'rec-004',
    theme: 'RECONNECTING',
    depth: 'LIGHT',
    text: "What is a message or gesture that makes you feel thought of when you're apart?",
    followUps: [],
    archived: false,
  },
  {
    id: 'rec-005',
    theme: 'RECONNECTING',
    depth: 'MEDIUM',
    text: 'When have you felt closest to your partner lately, and when furthest away?',
    followUps: [],
    archived: false,
  },
  {
    id: 'rec-006',
    theme: 'RECONNECTING',
    depth: 'MEDIUM',
    text: 'What gets in the way of spending quality time together right now?',
    followUps: [
      'What is one thing you could let go of to make room?',
    ],
    archived: false,
  },
  {
    id: 'rec-007',
    theme: 'RECONNECTING',
    depth: 'MEDIUM',
    text: 'How do you like to reconnect after time apart: talking, quiet time, touch, or doing something side by side?',
    followUps: [],
    archived: false,
  },
  {
    id: 'rec-008',
    theme: 'RECONNECTING',
    depth: 'MEDIUM',
    text: 'What does a good reconnect session look like to you?',
    followUps: [
      'What would make the next one feel special?',
    ],
    archived: false,
  },
  {
    id: 'rec-009',
    theme: 'RECONNECTING',
    depth: 'MEDIUM',
    text: 'What were the two of you like when you first felt close? What from that time would you like to bring back?',
    followUps: [],
    archived: false,
  },
  {
    id: 'rec-010',
    theme: 'RECONNECTING',
    depth: 'DEEP',
    text: 'Have you felt the two of you drifting lately? When did you first notice it?',
    followUps: [
      'What do you think contributed to it?',
      'What is one step each of you could take this week?',
    ],
    archived: false,
  },
  {
    id: 'rec-011',
    theme: 'RECONNECTING',
    depth: 'DEEP',
    text: 'What do you miss most about how close you used to feel?',
    followUps: [
      'What do you think changed?',
      'What would help you find it again?',
    ],
    archived: false,
  },
  {
    id: 'rec-012',
    theme: 'RECONNECTING',
    depth: 'DEEP',
    text: 'What do you need from your partner to feel truly close again?',
    followUps: [
      "How would you know it's happening?",
      'What could you offer in return?',
    ],
    archived: false,
  },
  {
    id: 'rec-013',
    theme: 'RECONNECTING',
    depth: 'DEEP',
    text: 'What holds you back from reaching for your partner when you feel disconnected?',
    followUps: [
      'What do you fear would happen if you reached out?',
      'How could your partner make reaching out easier?',
    ],
    archived: false,
  },
  {
    id: 'rec-014',
    theme: 'RECONNECTING',
    depth: 'DEEP',
    text: "What kind of closeness are you longing for that you haven't put into words yet?",
    followUps: [
      'When have you felt a glimpse of it?',
      'What would be a first small step toward it?',
    ],
    archived: false,
  },

  // REPAIR
  {
    id: 'rep-001',
    theme: 'REPAIR',
    depth: 'LIGHT',
    text: 'What helps you calm down after a disagreement?',
    followUps: [],
    archived: false,
  },
  {
    id: 'rep-002',
    theme: 'REPAIR',
    depth: 'LIGHT',
    text: 'What is a small gesture that tells you a disagreement is over?',
    followUps: [],
    archived: false,
  },
  {
    id: 'rep-003',
    theme: 'REPAIR',
    depth: 'LIGHT',
    text: 'What is a phrase or inside joke that helps the two of you reset after tension?',
    followUps: [],
    archived: false,
  },
  {
    id: 'rep-004',
    theme: 'REPAIR',
    depth: 'LIGHT',
    text: "How long do you usually need before you're ready to talk after an argument?",
    followUps: [
      'How could you let your partner know you need time?',
    ],
    archived: false,
  },
  {
    id: 'rep-005',
    theme: 'REPAIR',
    depth: 'MEDIUM',
    text: 'What does a good apology sound like to you?',
    followUps: [
      'What makes an apology feel hollow?',
    ],
    archived: false,
  },
  {
    id: 'rep-006',
    theme: 'REPAIR',
    depth: 'MEDIUM',
    text: 'When you argue, what pattern do you notice the two of you falling into?',
    followUps: [
      'Who tends to push to talk, and who tends to pull away?',
    ],
    archived: false,
  },
  {
    id: 'rep-007',
    theme: 'REPAIR',
    depth: 'MEDIUM',
    text: 'How do you let your partner know you want to make up?',
    followUps: [],
    archived: false,
  },
  {
    id: 'rep-008',
    theme: 'REPAIR',
    depth: 'MEDIUM',
    text: 'What is something your partner does during a disagreement that helps, even a little?',
    followUps: [],
    archived: false,
  },
  {
    id: 'rep-009',
    theme: 'REPAIR',
    depth: 'MEDIUM',
    text: 'Is there a small disagreement from recently that still feels unfinished?',
    followUps: [
      'What would it take to close it?',
    ],
    archived: false,
  },
  {
    id: 'rep-010',
    theme: 'REPAIR',
    depth: 'DEEP',
    text: 'Is there a past argument that still hurts? What do you wish had happened differently?',
    followUps: [
      'What do you still need from your partner about it?',
      'What part would you like to take responsibility for?',
    ],
    archived: false,
  },
  {
    id: 'rep-011',
    theme: 'REPAIR',
    depth: 'DEEP',
    text: 'What do you find hardest about apologizing?',
    followUps: [
      'What do you fear an apology will say about you?',
      'What would make it easier?',
    ],
    archived: false,
  },
  {
    id: 'rep-012',
    theme: 'REPAIR',
    depth: 'DEEP',
    text: 'When has an apology from your partner not fully repaired things? What was missing?',
    followUps: [
      'What would help now?',
      'Partner: what do you feel hearing this?',
    ],
    archived: false,
  },
  {
    id: 'rep-013',
    theme: 'REPAIR',
    depth: 'DEEP',
    text: 'What hurt have you caused your partner that you want to acknowledge?',
    followUps: [
      "What do you understand now that you didn't then?",
      'What would you like to do differently?',
    ],
    archived: false,
  },
  {
    id: 'rep-014',
    theme: 'REPAIR',
    depth: 'DEEP',
    text: "What do you need in order to forgive, and is there anything you haven't forgiven yet?",
    followUps: [
      'What is making it hard to let go?',
      'What would help you move toward forgiveness?',
    ],
    archived: false,
  },

  // DAILY_LIFE
  {
    id: 'day-001',
    theme: 'DAILY_LIFE',
    depth: 'LIGHT',
    text: 'What was the best part of your day today?',
    followUps: [],
    archived: false,
  },
  {
    id: 'day-002',
    theme: 'DAILY_LIFE',
    depth: 'LIGHT',
    text: 'What is a part of your daily routine you truly enjoy?',
    followUps: [],
    archived: false,
  },
  {
    id: 'day-003',
    theme: 'DAILY_LIFE',
    depth: 'LIGHT',
    text: "What is one chore or errand you'd happily trade away?",
    followUps: [],
    archived: false,
  },
  {
    id: 'day-004',
    theme: 'DAILY_LIFE',
    depth: 'LIGHT',
    text: 'What is a small thing that would make tomorrow morning easier?',
    followUps: [
      'Could your partner help with it?',
    ],
    archived: false,
  },
  {
    id: 'day-005',
    theme: 'DAILY_LIFE',
    depth: 'MEDIUM',
    text: 'What is stressing you most right now, and what would help lighten it?',
    followUps: [
      'Is there something your partner could take on?',
    ],
    archived: false,
  },
  {
    id: 'day-006',
    theme: 'DAILY_LIFE',
    depth: 'MEDIUM',
    text: 'Does the way you share tasks and responsibilities feel fair to you right now?',
    followUps: [
      'What would you adjust?',
    ],
    archived: false,
  },
  {
    id: 'day-007',
    theme: 'DAILY_LIFE',
    depth: 'MEDIUM',
    text: 'How do work and other commitments affect the energy you have for each other?',
    followUps: [],
    archived: false,
  },
  {
    id: 'day-008',
    theme: 'DAILY_LIFE',
    depth: 'MEDIUM',
    text: 'What time of day are you at your best, and your worst? How could you plan around that together?',
    followUps: [],
    archived: false,
  },
  {
    id: 'day-009',
    theme: 'DAILY_LIFE',
    depth: 'MEDIUM',
    text: 'How do screens and phones affect the time you spend together?',
    followUps: [
      "What is one boundary you'd like to try?",
    ],
    archived: false,
  },
  {
    id: 'day-010',
    theme: 'DAILY_LIFE',
    depth: 'DEEP',
    text: 'When daily stress builds up, how does it change the way you treat your partner?',
    followUps: [
      'What would you like your partner to know in those moments?',
      'What helps you come back to yourself?',
    ],
    archived: false,
  },
  {
    id: 'day-011',
    theme: 'DAILY_LIFE',
    depth: 'DEEP',
    text: 'What part of managing everyday life leaves you feeling unseen or alone?',
    followUps: [
      'What would help you feel more supported?',
      'How could the load be shared differently?',
    ],
    archived: false,
  },
  {
    id: 'day-012',
    theme: 'DAILY_LIFE',
    depth: 'DEEP',
    text: 'What worry about money, work or health have you been carrying mostly by yourself?',
    followUps: [
      'What makes it hard to share?',
      'How could the two of you face it together?',
    ],
    archived: false,
  },
  {
    id: 'day-013',
    theme: 'DAILY_LIFE',
    depth: 'DEEP',
    text: 'Where have routines crowded out closeness between you?',
    followUps: [
      'Which routine could you change?',
      'What would you put in its place?',
    ],
    archived: false,
  },
  {
    id: 'day-014',
    theme: 'DAILY_LIFE',
    depth: 'DEEP',
    text: 'When you feel stretched thin, what do you need most from your partner, and what do you fear asking for?',
    followUps: [
      'What is the smallest thing that would help?',
      'How could you ask for it in a way that feels okay?',
    ],
    archived: false,
  },
];
}
