import { dataOf, freshCouples } from '../support/operations';
import { accessLogOf, addMember, createPractice, grantBoth, personId, REVOKE } from '../support/practice-operations';
import { writeReflection } from '../support/reflection-operations';
import { clientView, createTestApi, type TestApi } from '../support/test-api';
import { localIdOf, toGlobalId } from '../../functions/shared/ids/global-id';

const REMINDERS = `query($id: ID!) { couple(id: $id) { reminders { edges { node { id kind } } } } }`;
const REMINDER_NODE = `query($id: ID!) { node(id: $id) { id ... on Reminder { kind couple { id status partners { displayName } } } } }`;

/**
 * A CARE_TEAM_ALERT reminder belongs to the practice it alerted, and it
 * leads to the couple (`Reminder.couple`). So it is visible to that
 * practice's care team only while the practice holds an active grant, and
 * each read is in the couple's access log; once the grant ends it answers as
 * an id that names nothing, for members old and new.
 */
describe('CARE_TEAM_ALERT reminders seen by a care team', () => {
  let api: TestApi;
  const couples = freshCouples(() => api, ['cara', 'dev']);

  beforeAll(async () => {
    api = await createTestApi('care-team-alert-visibility');
  });
  afterAll(async () => {
    await api.drop();
  });

  /** A granted couple whose drift rose to HIGH (one partner far apart): the practice's alert id. */
  async function alertedCouple(admin: string) {
    const practiceId = await createPractice(api, admin);
    const { a, b, coupleId } = await couples();
    await grantBoth(api, [a, b], coupleId, practiceId);
    await writeReflection(api, a, coupleId, { body: 'Far apart', closeness: 2 });
    const reminders = dataOf(await api.as(a, REMINDERS, { id: coupleId }), 'reminders').couple.reminders.edges;
    const alert = reminders
      .map((e: { node: { id: string; kind: string } }) => e.node)
      .find((r: { kind: string }) => r.kind === 'CARE_TEAM_ALERT');
    expect(alert).toBeDefined();
    return { practiceId, a, b, coupleId, alertId: alert.id as string };
  }

  /** The answer for an alert of the same couple and practice due a year later: an id that names nothing. */
  const absent = async (sub: string, alertId: string) => {
    const local = localIdOf(alertId, 'Reminder') as string;
    const unknown = local.replace(/_(\d{4})-/, (_m, year: string) => `_${Number(year) + 1}-`);
    return clientView(await api.as(sub, REMINDER_NODE, { id: toGlobalId('Reminder', unknown) }));
  };

  it('shows the alert and its couple to the practice while its grant is active, and logs the read', async () => {
    // prepare
    const { alertId, coupleId, a } = await alertedCouple('gail');

    // act
    const response = await api.as('gail', REMINDER_NODE, { id: alertId });

    // assert
    const node = dataOf(response, 'alert').node;
    expect(node).toMatchObject({ id: alertId, kind: 'CARE_TEAM_ALERT', couple: { id: coupleId, status: 'ACTIVE' } });
    const gail = await personId(api, 'gail');
    const log = await accessLogOf(api, a, coupleId);
    expect(log).toContainEqual(expect.objectContaining({ action: 'COUPLE', actor: { id: gail } }));
  });

  it('hides the alert, as an absent id, once the grant is revoked, from old and new members alike', async () => {
    // prepare
    const { practiceId, alertId, coupleId, a } = await alertedCouple('hana');
    dataOf(await api.as(a, REVOKE, { coupleId, practiceId }), 'revoke');
    await addMember(api, 'hana', practiceId, 'ivo', 'COUNSELOR');

    // act
    const admin = await api.as('hana', REMINDER_NODE, { id: alertId });
    const newcomer = await api.as('ivo', REMINDER_NODE, { id: alertId });

    // assert
    expect(clientView(admin)).toEqual(await absent('hana', alertId));
    expect(clientView(newcomer)).toEqual(await absent('ivo', alertId));
    expect(admin.data).toEqual({ node: null });
  });

  it("hides one practice's alert from another practice that holds its own grant", async () => {
    // prepare: the couple also grants a second practice
    const { alertId, coupleId, a, b } = await alertedCouple('jade');
    const other = await createPractice(api, 'kofi', 'Other Practice');
    await grantBoth(api, [a, b], coupleId, other);

    // act
    const response = await api.as('kofi', REMINDER_NODE, { id: alertId });

    // assert
    expect(clientView(response)).toEqual(await absent('kofi', alertId));
    expect(response.data).toEqual({ node: null });
  });
});
