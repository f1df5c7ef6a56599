/**
 * The demo caseload: twelve couples whose last 90 days, replayed through the
 * public API, produce every drift level and every drift signal. Days count
 * back from the moment the seed runs (day 0 = today). Pure data: the seed
 * (seed-demo.ts) turns it into API calls in time order.
 */
export type CareScope = 'SUMMARY' | 'REFLECTIONS';
export type DriftSignal = 'OVERDUE_RECONNECT' | 'CLOSENESS_DECLINING' | 'LOW_CLOSENESS' | 'ONE_SIDED_PARTICIPATION' | 'IGNORED_REMINDERS';
export type DriftRisk = 'LOW' | 'MEDIUM' | 'HIGH';

export interface DemoPerson {
  sub: string;
  name: string;
}

export type StoryStep =
  /** A reconnect session: each partner with a rating writes a reflection on it (so takes part); `answer` also answers its prompts. */
  | { day: number; kind: 'session'; closeness: [number | null, number | null]; answer?: boolean; careTeam?: boolean }
  /** A reflection outside a session by partner 0 or 1. */
  | { day: number; kind: 'reflection'; by: 0 | 1; closeness: number | null; careTeam?: boolean }
  /** A plan change; `pauseForDays` pauses reminders from that day on. */
  | { day: number; kind: 'plan'; sessionsPerMonth?: number; pauseForDays?: number }
  /** The counselor assigns practice prompt number `prompt` (index in PRACTICE_PROMPTS). */
  | { day: number; kind: 'assign'; prompt: number; note?: string; dueInDays?: number };

export interface CoupleStory {
  key: string;
  partners: [DemoPerson, DemoPerson];
  timezone: string;
  scope: CareScope;
  /** Day the couple formed and both partners granted the practice. */
  startDay: number;
  /** What the story is meant to show; the seed prints it beside what the API reports. */
  intent: { risk: DriftRisk; signals: DriftSignal[]; note: string };
  steps: StoryStep[];
}

export const COUNSELOR: DemoPerson = { sub: 'demo-counselor', name: 'Dr. Maya Lin' };
export const COLLEAGUE: DemoPerson = { sub: 'demo-colleague', name: 'Sam Okafor' };
export const PRACTICE_NAME = 'Harbor Counseling';

export const PRACTICE_PROMPTS = [
  { text: 'Name one moment this week when you felt your partner was on your side.', theme: 'APPRECIATION', depth: 'LIGHT' },
  { text: 'What is one small thing we could do differently on a busy weekday evening?', theme: 'DAILY_LIFE', depth: 'MEDIUM' },
  { text: 'When did you last hold back something you wanted to say, and what made it feel unsafe?', theme: 'FEELING_SAFE', depth: 'DEEP' },
  { text: 'What does repair look like for you after a hard conversation?', theme: 'REPAIR', depth: 'MEDIUM' },
] as const;

/** Sessions from `fromDay` down to `toDay` every `every` days, closeness from `rate(i)`. */
function sessions(
  fromDay: number,
  toDay: number,
  every: number,
  rate: (i: number) => [number | null, number | null],
  extra: { answerEvery?: number; careTeam?: boolean } = {},
): StoryStep[] {
  const steps: StoryStep[] = [];
  for (let day = fromDay, i = 0; day >= toDay; day -= every, i++) {
    steps.push({
      day,
      kind: 'session',
      closeness: rate(i),
      answer: extra.answerEvery ? i % extra.answerEvery === 0 : false,
      careTeam: extra.careTeam,
    });
  }
  return steps;
}

const INES_JON = [10, 10, 10, 9, 8, 7, 6, 5];

function person(first: string): DemoPerson {
  return { sub: `demo-${first.toLowerCase()}`, name: first };
}

/** Reflections outside sessions by one partner on the given days; `careTeam` says which of them the care team may read. */
function soloReflections(by: 0 | 1, days: number[], closeness: number, careTeam: (day: number) => boolean = () => true): StoryStep[] {
  return days.map((day) => ({ day, kind: 'reflection', by, closeness, careTeam: careTeam(day) }));
}

/**
 * One couple's story: `names` as "First & First" (their subs and key follow
 * from them), where they live, what they share with the practice and since
 * when, what the story is meant to show, and what happens in it.
 */
function story(
  names: `${string} & ${string}`,
  setting: Pick<CoupleStory, 'timezone' | 'scope' | 'startDay'>,
  intent: CoupleStory['intent'],
  steps: StoryStep[],
): CoupleStory {
  const [first, second] = names.split(' & ') as [string, string];
  return { key: `${first}-${second}`.toLowerCase(), partners: [person(first), person(second)], ...setting, intent, steps };
}

export const STORIES: CoupleStory[] = [
  story(
    'Ana & Ben',
    { timezone: 'Europe/Berlin', scope: 'REFLECTIONS', startDay: 88 },
    { risk: 'LOW', signals: [], note: 'steady, every 9 days; homework done and one open' },
    [
      ...sessions(84, 3, 9, (i) => [7 + (i % 2), 8 - (i % 3 === 0 ? 1 : 0)], { answerEvery: 3, careTeam: true }),
      { day: 13, kind: 'assign', prompt: 0, note: 'Before your next session, notice one such moment each.' },
      { day: 2, kind: 'assign', prompt: 3, note: 'Take your time with this one.', dueInDays: 10 },
    ],
  ),
  story(
    'Chloe & Dev',
    { timezone: 'America/New_York', scope: 'SUMMARY', startDay: 82 },
    { risk: 'LOW', signals: [], note: 'closeness rising' },
    sessions(80, 2, 9, (i) => [Math.min(10, 6 + Math.floor(i / 2)), Math.min(10, 5 + Math.floor(i / 2))], { answerEvery: 4 }),
  ),
  story(
    'Elif & Farid',
    { timezone: 'Europe/Istanbul', scope: 'REFLECTIONS', startDay: 20 },
    { risk: 'LOW', signals: [], note: 'new to the practice' },
    [...sessions(17, 1, 8, () => [8, 7], { careTeam: true }), { day: 1, kind: 'assign', prompt: 1 }],
  ),
  story(
    'Grace & Hiro',
    { timezone: 'Asia/Tokyo', scope: 'REFLECTIONS', startDay: 86 },
    { risk: 'MEDIUM', signals: ['LOW_CLOSENESS'], note: 'regular, but closeness stays low' },
    sessions(84, 4, 10, (i) => [4, i % 2 === 0 ? 4 : 3], { careTeam: true }),
  ),
  story(
    'Ines & Jon',
    { timezone: 'Europe/Madrid', scope: 'SUMMARY', startDay: 72 },
    { risk: 'MEDIUM', signals: ['CLOSENESS_DECLINING'], note: 'regular, closeness sliding from 10 to 6' },
    // A least-squares slope of about -0.6 points a week; the 30-day mean stays 6 (not LOW_CLOSENESS).
    sessions(70, 4, 9, (i) => [INES_JON[i] ?? 5, INES_JON[i] ?? 5]),
  ),
  story(
    'Kai & Lena',
    { timezone: 'Europe/London', scope: 'REFLECTIONS', startDay: 62 },
    { risk: 'MEDIUM', signals: ['ONE_SIDED_PARTICIPATION'], note: 'Kai carries the reflecting' },
    [
      ...sessions(60, 3, 9, () => [7, 7], { careTeam: true }),
      ...soloReflections(0, [27, 24, 21, 17, 14, 11, 8, 5, 2], 7, (day) => day % 2 === 0),
    ],
  ),
  story(
    'Mia & Noah',
    { timezone: 'America/Chicago', scope: 'SUMMARY', startDay: 76 },
    { risk: 'MEDIUM', signals: ['OVERDUE_RECONNECT'], note: 'paused reminders for a move; no reconnect for 25 days' },
    [...sessions(74, 25, 7, () => [7, 8]), { day: 24, kind: 'plan', pauseForDays: 35 }],
  ),
  story(
    'Omar & Priya',
    { timezone: 'Asia/Kolkata', scope: 'REFLECTIONS', startDay: 52 },
    { risk: 'MEDIUM', signals: ['IGNORED_REMINDERS'], note: 'asked for daily reminders, let them pass, then relaxed the plan' },
    [
      ...sessions(48, 12, 9, () => [7, 7], { careTeam: true }),
      { day: 11, kind: 'plan', sessionsPerMonth: 30 },
      { day: 4, kind: 'plan', sessionsPerMonth: 1 },
    ],
  ),
  story(
    'Quinn & Rosa',
    { timezone: 'Australia/Sydney', scope: 'REFLECTIONS', startDay: 66 },
    { risk: 'HIGH', signals: ['CLOSENESS_DECLINING', 'LOW_CLOSENESS'], note: 'closeness falling from 8 to 3' },
    [...sessions(63, 3, 10, (i) => [Math.max(3, 8 - i), Math.max(3, 8 - i)], { careTeam: true }), { day: 5, kind: 'assign', prompt: 2 }],
  ),
  story(
    'Sam & Tara',
    { timezone: 'America/Los_Angeles', scope: 'SUMMARY', startDay: 80 },
    { risk: 'HIGH', signals: ['OVERDUE_RECONNECT', 'IGNORED_REMINDERS'], note: 'stopped meeting 35 days ago; reminders pass unanswered' },
    sessions(78, 35, 10, () => [6, 6]),
  ),
  story(
    'Uma & Vic',
    { timezone: 'Europe/Paris', scope: 'REFLECTIONS', startDay: 46 },
    { risk: 'HIGH', signals: ['LOW_CLOSENESS', 'ONE_SIDED_PARTICIPATION'], note: 'Uma writes, often feeling distant; Vic rarely does' },
    [...sessions(44, 4, 10, () => [4, 5], { careTeam: true }), ...soloReflections(0, [28, 25, 22, 19, 15, 12, 9, 6, 2], 3)],
  ),
  story(
    'Wen & Xavi',
    { timezone: 'Asia/Singapore', scope: 'REFLECTIONS', startDay: 40 },
    {
      risk: 'HIGH',
      signals: ['OVERDUE_RECONNECT', 'LOW_CLOSENESS', 'ONE_SIDED_PARTICIPATION', 'IGNORED_REMINDERS'],
      note: 'never reconnected since joining; only Wen reflects',
    },
    soloReflections(0, [29, 20, 12, 5], 3),
  ),
];

const WARM = [
  'We laughed more than we have in weeks.',
  'It felt easy to talk tonight.',
  'I felt listened to.',
  'Good to make the time, even tired.',
];
const COOL = [
  'We talked, but it felt like logistics.',
  'I held back again.',
  'I am not sure we heard each other.',
  'Hard evening; I felt far away.',
];

/** A reflection body and feelings that fit the rating (deterministic per index). */
export function reflectionText(closeness: number | null, index: number): { body: string; feelings: string[] } {
  if (closeness === null || closeness >= 6) {
    return { body: WARM[index % WARM.length]!, feelings: index % 2 === 0 ? ['CLOSE', 'HEARD'] : ['GRATEFUL', 'CALM'] };
  }
  return { body: COOL[index % COOL.length]!, feelings: index % 2 === 0 ? ['DISTANT', 'LONELY'] : ['ANXIOUS', 'FRUSTRATED'] };
}
