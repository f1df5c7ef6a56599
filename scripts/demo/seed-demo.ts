import { createDemoApi, DemoApiError, type DemoApi } from './demo-api';
import {
  COLLEAGUE,
  COUNSELOR,
  PRACTICE_NAME,
  PRACTICE_PROMPTS,
  STORIES,
  reflectionText,
  type CoupleStory,
  type DemoPerson,
  type DriftRisk,
  type DriftSignal,
  type StoryStep,
} from './demo-stories';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface SeedOptions {
  baseUrl: string;
  /** "Today" of the stories; default the time the seed starts. */
  now?: Date;
  log?: (line: string) => void;
}

export interface SeededCouple {
  key: string;
  coupleId: string;
  partners: [DemoPerson, DemoPerson];
  scope: CoupleStory['scope'];
  intent: CoupleStory['intent'];
  /** What the API reports after seeding (read by the couple's first partner). */
  health: { driftRisk: DriftRisk; driftSignals: DriftSignal[]; daysSinceLastReconnect: number | null; sessionsLast30Days: number };
}

export interface SeedResult {
  counselor: DemoPerson;
  colleague: DemoPerson;
  practiceId: string;
  practiceName: string;
  promptIds: string[];
  couples: SeededCouple[];
}

interface TimelineEntry {
  at: Date;
  /** Tie-breaker for equal instants: keeps the order in which entries were planned. */
  seq: number;
  run: () => Promise<void>;
}

/** The n-th demo run on this local data: run 1 uses `demo-ana`, run 2 `demo-ana-2`, ... */
function withRun(person: DemoPerson, run: number): DemoPerson {
  return run === 1 ? person : { sub: `${person.sub}-${run}`, name: person.name };
}

/**
 * Fills a running local API with the demo practice and caseload, through the
 * public GraphQL API only (plus /local/token, /local/clock and
 * /local/reminders/sweep). The local clock is moved through 90 days so that
 * every session, reflection and reminder happens at its own time; it is set
 * back to the system time at the end, whatever happens.
 */
export async function seedDemo(options: SeedOptions): Promise<SeedResult> {
  const log = options.log ?? (() => undefined);
  const today = options.now ?? new Date();
  const names: Record<string, string> = {};
  const api = createDemoApi(options.baseUrl, names);
  const remember = (p: DemoPerson) => {
    names[p.sub] = p.name;
    return p;
  };

  const run = await pickRun(api, remember);
  const counselor = remember(withRun(COUNSELOR, run));
  const colleague = remember(withRun(COLLEAGUE, run));
  const stories = STORIES.map((story) => ({
    ...story,
    partners: story.partners.map((p) => remember(withRun(p, run))) as [DemoPerson, DemoPerson],
  }));
  log(`Seeding the demo as run ${run}: counselor "${counselor.sub}", ${stories.length} couples, 90 days of history`);

  // practiceId is set by the first planned step, before anything reads it.
  const result: Omit<SeedResult, 'practiceId'> & { practiceId: string | null } = {
    counselor,
    colleague,
    practiceId: null,
    practiceName: PRACTICE_NAME,
    promptIds: [],
    couples: [],
  };
  const coupleIds = new Map<string, string>();
  const openAssignments = new Set<string>();
  const timeline: TimelineEntry[] = [];
  let seq = 0;
  /** Day `day` ago, `minutes` after that day's slot start (10 h before today's time of day). */
  const at = (day: number, minutes: number) => new Date(today.getTime() - day * DAY_MS - 10 * 60 * MINUTE_MS + minutes * MINUTE_MS);
  const plan = (when: Date, fn: () => Promise<void>) => timeline.push({ at: when, seq: seq++, run: fn });

  plan(at(91, 0), async () => {
    const created = await api.gql(counselor.sub, CREATE_PRACTICE, { input: { name: PRACTICE_NAME } });
    result.practiceId = created.createPractice.id;
    const colleagueId = (await api.gql(colleague.sub, `query DemoMe { me { person { id } } }`)).me.person.id;
    await api.gql(counselor.sub, ADD_MEMBER, { input: { practiceId: result.practiceId, personId: colleagueId, role: 'COUNSELOR' } });
    for (const prompt of PRACTICE_PROMPTS) {
      const made = await api.gql(counselor.sub, CREATE_PROMPT, { input: { practiceId: result.practiceId, ...prompt } });
      result.promptIds.push(made.createPrompt.id);
    }
  });

  // Once a day, before the couples' slots: the sweep the local run would have run every 15 minutes.
  for (let day = 90; day >= 0; day--) plan(at(day, -10), async () => void (await api.sweep(at(day, -10))));

  stories.forEach((story, index) => {
    const slot = index * 45;
    const [a, b] = story.partners;
    plan(at(story.startDay, slot), async () => {
      const created = await api.gql(a.sub, CREATE_COUPLE, { input: { timezone: story.timezone } });
      const coupleId: string = created.createCouple.couple.id;
      coupleIds.set(story.key, coupleId);
      await api.gql(b.sub, JOIN_COUPLE, { input: { code: created.createCouple.invite.code } });
      for (const partner of story.partners) {
        await api.gql(partner.sub, GRANT, { input: { coupleId, practiceId: result.practiceId, scope: story.scope } });
      }
    });
    const perDay = new Map<number, number>();
    story.steps.forEach((step, stepIndex) => {
      const nth = perDay.get(step.day) ?? 0;
      perDay.set(step.day, nth + 1);
      const when = at(step.day, slot + 2 + nth * 12);
      plan(when, () => runStep(api, story, coupleIds.get(story.key)!, step, stepIndex, when, { result, counselor, openAssignments }));
    });
  });

  timeline.sort((x, y) => x.at.getTime() - y.at.getTime() || x.seq - y.seq);
  try {
    let done = 0;
    for (const entry of timeline) {
      await api.setClock(entry.at);
      await entry.run();
      done++;
      if (done % 100 === 0) log(`  ${done}/${timeline.length} steps, at ${entry.at.toISOString().slice(0, 10)}`);
    }
  } finally {
    await api.setClock(null);
  }
  // Today, at the real time: reminders due since the last daily sweep, and drift that time alone moved.
  await api.sweep();

  for (const story of stories) {
    const coupleId = coupleIds.get(story.key)!;
    const read = await api.gql(story.partners[0].sub, COUPLE_HEALTH, { id: coupleId });
    result.couples.push({
      key: story.key,
      coupleId,
      partners: story.partners,
      scope: story.scope,
      intent: story.intent,
      health: read.couple.health,
    });
  }
  if (!result.practiceId) throw new Error('The demo practice was not created');
  return { ...result, practiceId: result.practiceId };
}

/** The first run number whose counselor and first partner are unused on this local data. */
async function pickRun(api: DemoApi, remember: (p: DemoPerson) => DemoPerson): Promise<number> {
  for (let run = 1; run < 100; run++) {
    const partner = remember(withRun(STORIES[0]!.partners[0], run));
    const partnerData = await api.gql(partner.sub, `query DemoRunCheck { me { couple { id } } }`);
    if (partnerData.me.couple) continue;
    const counselor = remember(withRun(COUNSELOR, run));
    const counselorData = await api.gql(counselor.sub, `query DemoRunCheckPractice { me { practices { practice { id } } } }`);
    if ((counselorData.me.practices ?? []).length > 0) continue;
    return run;
  }
  throw new Error('99 demo runs already on this local data: delete .data/ to start over');
}

async function runStep(
  api: DemoApi,
  story: CoupleStory,
  coupleId: string,
  step: StoryStep,
  stepIndex: number,
  when: Date,
  context: { result: { practiceId: string | null; promptIds: string[] }; counselor: DemoPerson; openAssignments: Set<string> },
): Promise<void> {
  const [a, b] = story.partners;
  switch (step.kind) {
    case 'session': {
      const started = await api.gql(a.sub, START_SESSION, { input: { coupleId, promptCount: 1 } });
      const session = started.startSession;
      // Homework is drawn first; answering it is what marks it done.
      const answer = step.answer || context.openAssignments.has(story.key);
      if (answer) {
        for (const [i, partner] of story.partners.entries()) {
          for (const prompt of session.prompts) {
            await api.gql(partner.sub, ANSWER, {
              input: {
                sessionId: session.id,
                promptId: prompt.prompt.id,
                text: i === 0 ? 'Honestly, more than I expected.' : 'I needed to hear that.',
              },
            });
          }
        }
        context.openAssignments.delete(story.key);
      }
      for (const [i, partner] of story.partners.entries()) {
        const closeness = step.closeness[i];
        if (closeness === null || closeness === undefined) continue;
        const text = reflectionText(closeness, stepIndex + i);
        await api.gql(partner.sub, WRITE_REFLECTION, {
          input: {
            coupleId,
            sessionId: session.id,
            body: text.body,
            closeness,
            feelings: text.feelings,
            sharing: { partner: true, careTeam: step.careTeam ?? false },
          },
        });
      }
      await api.gql(a.sub, COMPLETE_SESSION, { input: { sessionId: session.id } });
      return;
    }
    case 'reflection': {
      const author = step.by === 0 ? a : b;
      const text = reflectionText(step.closeness, stepIndex);
      await api.gql(author.sub, WRITE_REFLECTION, {
        input: {
          coupleId,
          body: text.body,
          closeness: step.closeness,
          feelings: text.feelings,
          sharing: { partner: false, careTeam: step.careTeam ?? false },
        },
      });
      return;
    }
    case 'plan': {
      const input: Record<string, unknown> = { coupleId };
      if (step.sessionsPerMonth !== undefined) input.sessionsPerMonth = step.sessionsPerMonth;
      if (step.pauseForDays !== undefined) input.pausedUntil = new Date(when.getTime() + step.pauseForDays * DAY_MS).toISOString();
      await api.gql(b.sub, UPDATE_PLAN, { input });
      return;
    }
    case 'assign': {
      const promptId = context.result.promptIds[step.prompt];
      const input: Record<string, unknown> = { coupleId, practiceId: context.result.practiceId, promptId };
      if (step.note) input.note = step.note;
      if (step.dueInDays) input.dueBy = new Date(when.getTime() + step.dueInDays * DAY_MS).toISOString();
      await api.gql(context.counselor.sub, ASSIGN, { input });
      context.openAssignments.add(story.key);
      return;
    }
  }
}

export { DemoApiError };

const CREATE_PRACTICE = `mutation DemoCreatePractice($input: CreatePracticeInput!) { createPractice(input: $input) { id } }`;
const ADD_MEMBER = `mutation DemoAddMember($input: AddPracticeMemberInput!) { addPracticeMember(input: $input) { id } }`;
const CREATE_PROMPT = `mutation DemoCreatePrompt($input: CreatePromptInput!) { createPrompt(input: $input) { id } }`;
const CREATE_COUPLE = `mutation DemoCreateCouple($input: CreateCoupleInput!) { createCouple(input: $input) { couple { id } invite { code } } }`;
const JOIN_COUPLE = `mutation DemoJoinCouple($input: JoinCoupleInput!) { joinCouple(input: $input) { id } }`;
const GRANT = `mutation DemoGrant($input: GrantCareAccessInput!) { grantCareAccess(input: $input) { active } }`;
const START_SESSION = `mutation DemoStartSession($input: StartSessionInput!) { startSession(input: $input) { id prompts { prompt { id } } } }`;
const ANSWER = `mutation DemoAnswer($input: AnswerPromptInput!) { answerPrompt(input: $input) { position } }`;
const WRITE_REFLECTION = `mutation DemoWriteReflection($input: WriteReflectionInput!) { writeReflection(input: $input) { id } }`;
const COMPLETE_SESSION = `mutation DemoCompleteSession($input: CompleteSessionInput!) { completeSession(input: $input) { id } }`;
const UPDATE_PLAN = `mutation DemoUpdatePlan($input: UpdateReconnectPlanInput!) { updateReconnectPlan(input: $input) { id } }`;
const ASSIGN = `mutation DemoAssign($input: AssignPromptInput!) { assignPrompt(input: $input) { id } }`;
const COUPLE_HEALTH = `query DemoHealth($id: ID!) { couple(id: $id) { health { driftRisk driftSignals daysSinceLastReconnect sessionsLast30Days } } }`;
