import { erasureKey } from '../../functions/privacy/erasure.repository';
import { toGlobalId } from '../../functions/shared/ids/global-id';
import { dataOf } from '../support/operations';
import { buildPrivacyWorld, type PrivacyWorld } from '../support/privacy-world';
import { COUPLE_HEALTH } from '../support/reflection-operations';
import { itemsHolding, scanTable } from '../support/table-scan';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';
import { accessLogOf, addMember, REMOVE_MEMBER, REVOKE } from '../support/practice-operations';

const DELETE = `mutation($confirm: Boolean!) { deleteMyAccount(input: { confirm: $confirm }) { deletedId } }`;

/** Every string that names Ana or that she wrote: none may remain anywhere in the table. */
function anaTraces(world: PrivacyWorld): string[] {
  return [world.ana, toGlobalId('Person', world.ana), world.anaName, ...world.anaTexts];
}

describe('deleteMyAccount', () => {
  let api: TestApi;
  /** Set by a test to crash the erasure after a batch (the handler's test hook). */
  let crashAfter: string | null = null;
  beforeAll(async () => {
    api = await createTestApi('erasure', {
      afterErasureBatch: (step) => {
        if (step === crashAfter) {
          crashAfter = null;
          throw new Error(`injected crash after the first ${step} batch`);
        }
      },
    });
  });
  afterAll(() => api.drop());

  it('refuses confirm: false, naming input.confirm, and erases nothing', async () => {
    // prepare
    const world = await buildPrivacyWorld(api, 'refuse');
    // act
    const response = await api.as(world.ana, DELETE, { confirm: false });
    // assert
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.confirm' });
    const me = dataOf(await api.as(world.ana, '{ me { person { displayName } couple { id } } }'), 'me').me;
    expect(me).toEqual({ person: { displayName: world.anaName }, couple: { id: world.coupleId } });
  });

  it('starts only after a sign-in within 15 minutes (FORBIDDEN otherwise, nothing erased); a started one finishes with any', async () => {
    // prepare
    const world = await buildPrivacyWorld(api, 'sign-in');
    const now = Math.floor(Date.now() / 1000);
    const signedInAnHourAgo = { authTime: now - 3600 };

    // act
    const stale = await api.as(world.ana, DELETE, { confirm: true }, signedInAnHourAgo);
    const profile = await api.as(world.ana, '{ me { person { displayName } } }');
    crashAfter = 'reflections';
    const crashed = await api.as(world.ana, DELETE, { confirm: true }, { authTime: now - 60 });
    const finished = await api.as(world.ana, DELETE, { confirm: true }, signedInAnHourAgo);

    // assert
    expect(errorCodes(stale)).toEqual(['FORBIDDEN']);
    expect(stale.errors?.[0]?.message).toContain('needs a sign-in within the last 15 minutes');
    expect(dataOf(profile, 'profile').me.person.displayName).toBe(world.anaName);
    expect(errorCodes(crashed)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(dataOf(finished, 'finish').deleteMyAccount.deletedId).toBe(toGlobalId('Person', world.ana));
    expect(itemsHolding(await scanTable(api.table), anaTraces(world))).toEqual([]);
  });

  it('erases every trace of the person and keeps everyone else’s data', async () => {
    // prepare
    const world = await buildPrivacyWorld(api, 'full');
    const benBefore = dataOf(await api.as(world.ben, COUPLE_HEALTH, { id: world.coupleId, days: 90 }), 'health').couple.health;
    expect(benBefore.closenessSeries.length).toBeGreaterThan(0);

    // act
    const response = await api.as(world.ana, DELETE, { confirm: true });

    // assert: the answer, then the whole table
    expect(dataOf(response, 'deleteMyAccount').deleteMyAccount.deletedId).toBe(toGlobalId('Person', world.ana));
    const items = await scanTable(api.table);
    expect(itemsHolding(items, anaTraces(world))).toEqual([]);
    // the DONE marker keeps neither her id nor the opaque id that would link the records left to it
    const marker = items.find((item) => item.pk === erasureKey(world.ana).pk);
    expect(marker).toMatchObject({ status: 'DONE' });
    expect(Object.keys(marker ?? {}).sort()).toEqual(['finishedAt', 'pk', 'sk', 'startedAt', 'status', 'type']);
    const remaining = itemsHolding(items, world.othersTexts).map((f) => f.needle);
    expect(new Set(remaining)).toEqual(new Set(world.othersTexts));

    // the partner: couple ENDED, their own reflections and answers readable, no trace of Ana
    const couple = dataOf(
      await api.as(
        world.ben,
        `query($id: ID!) { couple(id: $id) { status partners { id displayName }
          reflections { edges { node { body author { id } } } }
          webhooks { edges { node { url } } } } }`,
        { id: world.coupleId },
      ),
      'ben couple',
    ).couple;
    expect(couple.status).toBe('ENDED');
    expect(couple.partners.map((p: { displayName: string }) => p.displayName)).toEqual(['Ben-full']);
    expect(couple.reflections.edges.map((e: { node: { body: string } }) => e.node.body).sort()).toEqual(
      ['Ben private full', 'Ben shared full'].sort(),
    );
    // Ana's webhook stays with the couple, without its creator: the partner sees the origin only.
    expect(couple.webhooks.edges.map((e: { node: { url: string } }) => e.node.url)).toEqual(['https://hooks.example.com']);
    // health roll-ups: only Ben's closeness is left
    const health = dataOf(await api.as(world.ben, COUPLE_HEALTH, { id: world.coupleId, days: 90 }), 'health').couple.health;
    const raters = new Set(health.closenessSeries.map((point: { partner: { id: string } }) => point.partner.id));
    expect([...raters]).toEqual([toGlobalId('Person', world.ben)]);
    // the former partner of the ENDED couple keeps their own shared reflection
    const carl = dataOf(
      await api.as(world.carl, `query($id: ID!) { couple(id: $id) { reflections { edges { node { body } } } } }`, {
        id: world.endedCoupleId,
      }),
      'carl',
    );
    expect(carl.couple.reflections.edges.map((e: { node: { body: string } }) => e.node.body)).toEqual(['Carl shared full']);
    // the access log keeps the counselor's reads (Ben, a partner, reads it)
    const log = await accessLogOf(api, world.ben, world.coupleId);
    expect(log.length).toBeGreaterThan(0);
    expect(new Set(log.map((entry) => entry.actor.id))).toEqual(new Set([toGlobalId('Person', world.cora)]));
  });

  it('answers UNAUTHENTICATED to a token of the erased person afterwards, and again for deleteMyAccount', async () => {
    // prepare
    const world = await buildPrivacyWorld(api, 'token');
    dataOf(await api.as(world.ana, DELETE, { confirm: true }), 'erase');
    // act
    const me = await api.as(world.ana, '{ me { person { id } } }');
    const again = await api.as(world.ana, DELETE, { confirm: true });
    // assert
    expect(errorCodes(me)).toEqual(['UNAUTHENTICATED']);
    expect(me.status).toBe(401);
    expect(errorCodes(again)).toEqual(['UNAUTHENTICATED']);
  });

  // 'leave' is the first step after the marker: the partner must already see nothing of her then.
  it.each(['leave', 'reflections'])(
    'after a crash at the %s step the account looks erased, and the same mutation finishes it',
    async (step) => {
      // prepare
      const world = await buildPrivacyWorld(api, `crash-${step}`);
      crashAfter = step;
      const crashed = await api.as(world.ana, DELETE, { confirm: true });
      expect(errorCodes(crashed)).toEqual(['INTERNAL_SERVER_ERROR']);
      const halfway = await scanTable(api.table);
      // (the crash left some of Ana's text behind: this is what the retry must finish)
      expect(itemsHolding(halfway, world.anaTexts).length).toBeGreaterThan(0);

      // assert: while PENDING, the person is refused everything but deleteMyAccount ...
      const me = await api.as(world.ana, '{ me { person { displayName } } }');
      expect(errorCodes(me)).toEqual(['UNAUTHENTICATED']);
      // ... and nobody else sees what she wrote or her name
      const benView = JSON.stringify(
        await api.as(
          world.ben,
          `query($id: ID!) { couple(id: $id) { partners { displayName } reflections { edges { node { body } } }
          sessions { edges { node { prompts { answers { text } } } } } } }`,
          { id: world.coupleId },
        ),
      );
      for (const trace of [world.anaName, ...world.anaTexts]) expect(benView).not.toContain(trace);

      // act: the retry
      const retried = await api.as(world.ana, DELETE, { confirm: true });

      // assert
      expect(dataOf(retried, 'retry').deleteMyAccount.deletedId).toBe(toGlobalId('Person', world.ana));
      expect(itemsHolding(await scanTable(api.table), anaTraces(world))).toEqual([]);
    },
  );

  it('erases a counselor from the access log and homework of a couple whose grant has since ended', async () => {
    // prepare: Dora, a counselor of Cora's practice, reads the couple and assigns homework; then Ben revokes the grant
    const world = await buildPrivacyWorld(api, 'counselor');
    const dora = 'dora-counselor';
    const doraName = 'Dora Okafor counselor';
    dataOf(await api.as(dora, 'mutation($n: String!) { updateProfile(input: { displayName: $n }) { id } }', { n: doraName }), 'profile');
    await addMember(api, world.cora, world.practiceId, dora, 'COUNSELOR');
    dataOf(await api.as(dora, `query($id: ID!) { couple(id: $id) { health { driftRisk } } }`, { id: world.coupleId }), 'dora reads');
    const input = { coupleId: world.coupleId, practiceId: world.practiceId, promptId: toGlobalId('Prompt', 'vul-001') };
    dataOf(await api.as(dora, 'mutation($input: AssignPromptInput!) { assignPrompt(input: $input) { id } }', { input }), 'assign');
    dataOf(await api.as(world.ben, REVOKE, { coupleId: world.coupleId, practiceId: world.practiceId }), 'revoke');
    const logBefore = await accessLogOf(api, world.ben, world.coupleId);
    const doraId = toGlobalId('Person', dora);
    expect(logBefore.filter((entry) => entry.actor.id === doraId).length).toBeGreaterThan(0);

    // act
    const response = await api.as(dora, DELETE, { confirm: true });

    // assert: nothing names Dora; the couple's log and homework keep their records, by an erased account
    expect(dataOf(response, 'deleteMyAccount').deleteMyAccount.deletedId).toBe(doraId);
    expect(itemsHolding(await scanTable(api.table), [dora, doraId, doraName])).toEqual([]);
    const logAfter = await accessLogOf(api, world.ben, world.coupleId);
    expect(logAfter.length).toBe(logBefore.length);
    expect(logAfter.filter((entry) => entry.actor.id === doraId)).toEqual([]);
    const homework = dataOf(
      await api.as(world.ben, `query($id: ID!) { couple(id: $id) { assignments { edges { node { assignedBy { displayName } } } } } }`, {
        id: world.coupleId,
      }),
      'homework',
    ).couple.assignments.edges;
    expect(homework).toEqual([{ node: { assignedBy: { displayName: 'Erased account' } } }]);
  });

  it('erases a former member from the practice webhook whose URL they set', async () => {
    // prepare: Eve, an ADMIN of Cora's practice, creates its webhook; then Cora removes her from the practice
    const world = await buildPrivacyWorld(api, 'former-member');
    const eve = 'eve-former-member';
    await addMember(api, world.cora, world.practiceId, eve, 'ADMIN');
    const input = { practiceId: world.practiceId, url: 'https://hooks.example.com/care?token=eve', events: ['CARE_TEAM_ALERT'] };
    dataOf(
      await api.as(eve, 'mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }', { input }),
      'create',
    );
    const eveId = toGlobalId('Person', eve);
    dataOf(await api.as(world.cora, REMOVE_MEMBER, { practiceId: world.practiceId, personId: eveId }), 'remove eve');

    // act
    const response = await api.as(eve, DELETE, { confirm: true });

    // assert: nothing names Eve; the practice keeps its webhook
    expect(dataOf(response, 'deleteMyAccount').deleteMyAccount.deletedId).toBe(eveId);
    expect(itemsHolding(await scanTable(api.table), [eve, eveId])).toEqual([]);
    const hooks = dataOf(
      await api.as(world.cora, 'query($id: ID!) { practice(id: $id) { webhooks { url } } }', { id: world.practiceId }),
      'hooks',
    );
    expect(hooks.practice.webhooks).toEqual([{ url: 'https://hooks.example.com' }]);
  });

  it('refuses the last ADMIN of a practice with CONFLICT naming it, before erasing anything', async () => {
    // prepare
    const world = await buildPrivacyWorld(api, 'admin');
    // act
    const response = await api.as(world.cora, DELETE, { confirm: true });
    // assert
    expect(errorCodes(response)).toEqual(['CONFLICT']);
    expect(response.errors?.[0]?.message).toContain('Practice admin');
    const still = dataOf(await api.as(world.cora, '{ me { person { id } } }'), 'me');
    expect(still.me.person.id).toBe(toGlobalId('Person', world.cora));
  });
});

describe('deleteMyAccount within one request’s time', () => {
  let api: TestApi;
  beforeAll(async () => {
    // A budget of 0: every request stops after its first page of reflections (the Lambda's is ERASURE_REQUEST_BUDGET_MS).
    api = await createTestApi('erasure-budget', { erasureRequestBudgetMs: 0 });
  });
  afterAll(() => api.drop());

  it('answers once its time is spent with the account closed, and the same mutation again gets further until it is done', async () => {
    // prepare
    const world = await buildPrivacyWorld(api, 'budget');

    // act: the first request stops after one page of reflections (Ana wrote in two couples)
    const first = await api.as(world.ana, DELETE, { confirm: true });
    const afterFirst = await scanTable(api.table);
    const me = await api.as(world.ana, '{ me { person { id } } }');
    const benView = JSON.stringify(
      await api.as(world.ben, `query($id: ID!) { couple(id: $id) { partners { displayName } reflections { edges { node { body } } } } }`, {
        id: world.coupleId,
      }),
    );
    const answers = [first];
    for (let attempt = 0; attempt < 5 && !answers.at(-1)?.errors; attempt += 1)
      answers.push(await api.as(world.ana, DELETE, { confirm: true }));

    // assert: answered with the id, account closed and nothing of hers visible, but not yet all erased
    expect(dataOf(first, 'first').deleteMyAccount.deletedId).toBe(toGlobalId('Person', world.ana));
    expect(itemsHolding(afterFirst, world.anaTexts).length).toBeGreaterThan(0);
    expect(errorCodes(me)).toEqual(['UNAUTHENTICATED']);
    for (const trace of [world.anaName, ...world.anaTexts]) expect(benView).not.toContain(trace);
    // each further request got further; the one after DONE is refused like any request of an erased person
    expect(answers.length).toBeGreaterThan(2);
    expect(errorCodes(answers.at(-1) as (typeof answers)[number])).toEqual(['UNAUTHENTICATED']);
    expect(itemsHolding(await scanTable(api.table), anaTraces(world))).toEqual([]);
  });
});
