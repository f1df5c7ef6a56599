import { dataOf } from '../support/operations';
import { addMember, createPractice } from '../support/practice-operations';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';

const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { signingSecret webhook { id url events couple { id } practice { id } } } }`;
const LIST = `query($id: ID!) { practice(id: $id) { webhooks { id practice { id } } } }`;

describe('practice webhooks', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi('practice-webhooks');
  });
  afterAll(() => api.drop());

  it('lets an ADMIN create, list and delete them; a COUNSELOR is FORBIDDEN; the SSRF rules apply', async () => {
    // prepare
    const practiceId = await createPractice(api, 'abe');
    await addMember(api, 'abe', practiceId, 'bea', 'COUNSELOR');

    // act
    const created = dataOf(
      await api.as('abe', CREATE, { input: { url: 'https://hooks.example.com/care', events: ['CARE_TEAM_ALERT'], practiceId } }),
      'create',
    ).createWebhook;
    const byCounselor = await api.as('bea', CREATE, {
      input: { url: 'https://hooks.example.com/x', events: ['CARE_TEAM_ALERT'], practiceId },
    });
    const privateAddress = await api.as('abe', CREATE, {
      input: { url: 'https://10.0.0.1/hook', events: ['CARE_TEAM_ALERT'], practiceId },
    });
    const listed = dataOf(await api.as('abe', LIST, { id: practiceId }), 'list').practice.webhooks;
    const counselorList = await api.as('bea', LIST, { id: practiceId });
    const deleted = await api.as('abe', 'mutation($id: ID!) { deleteWebhook(input: { webhookId: $id }) { deletedId } }', {
      id: created.webhook.id,
    });
    const afterDelete = dataOf(await api.as('abe', LIST, { id: practiceId }), 'list again').practice.webhooks;

    // assert
    expect(created.signingSecret).toMatch(/^whsec_/);
    expect(created.webhook).toMatchObject({ couple: null, practice: { id: practiceId }, events: ['CARE_TEAM_ALERT'] });
    expect(errorCodes(byCounselor)).toEqual(['FORBIDDEN']);
    expect(errorCodes(privateAddress)).toEqual(['BAD_USER_INPUT']);
    expect(listed).toEqual([{ id: created.webhook.id, practice: { id: practiceId } }]);
    expect(errorCodes(counselorList)).toEqual(['FORBIDDEN']);
    expect(deleted.errors).toBeUndefined();
    expect(afterDelete).toEqual([]);
  });

  it('answers a non-member like an unknown practice', async () => {
    // prepare
    const practiceId = await createPractice(api, 'cal');

    // act
    const response = await api.as('dee', CREATE, {
      input: { url: 'https://hooks.example.com/care', events: ['CARE_TEAM_ALERT'], practiceId },
    });

    // assert
    expect(errorCodes(response)).toEqual(['NOT_FOUND']);
  });
});
