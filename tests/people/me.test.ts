import { createTestApi, errorCodes, type TestApi } from '../support/test-api';

describe('me and updateProfile', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi('people');
  });
  afterAll(() => api.drop());

  it('creates the person from the token on the first call', async () => {
    // act
    const response = await api.as('ada', '{ me { person { id displayName timezone } couple { id } scopes } }');

    // assert
    expect(response.errors).toBeUndefined();
    expect(response.data.me.person.displayName).toBe('Ada');
    expect(response.data.me.person.timezone).toBeNull();
    expect(response.data.me.couple).toBeNull();
    expect(response.data.me.scopes).toEqual(expect.arrayContaining(['profile', 'couple:read', 'webhooks']));
  });

  it('keeps the stored name on later calls whatever the token says', async () => {
    // prepare
    await api.as('grace', '{ me { person { id } } }', {}, { name: 'Grace' });

    // act
    const response = await api.as('grace', '{ me { person { displayName } } }', {}, { name: 'Someone Else' });

    // assert
    expect(response.data.me.person.displayName).toBe('Grace');
  });

  it('updates the display name (as sent) and time zone', async () => {
    // act
    const response = await api.as(
      'lin',
      'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { displayName timezone } }',
      { input: { displayName: '  Lin  ', timezone: 'Europe/Berlin' } },
    );

    // assert
    expect(response.errors).toBeUndefined();
    expect(response.data.updateProfile).toEqual({ displayName: '  Lin  ', timezone: 'Europe/Berlin' });
  });

  it.each([
    [{ displayName: '' }, 'input.displayName: must not be empty'],
    [{ displayName: 'x'.repeat(81) }, 'input.displayName: must be at most 80 characters'],
  ])('rejects %j with BAD_USER_INPUT naming the field', async (input, message) => {
    // act
    const response = await api.as('val', 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }', { input });

    // assert
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toBe(message);
  });

  it('rejects an unknown time zone before any resolver runs', async () => {
    // act
    const response = await api.as('tz', 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }', {
      input: { timezone: 'Mars/Olympus_Mons' },
    });

    // assert
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toContain('input.timezone');
    expect(response.errors?.[0]?.message).toContain('IANA');
  });

  it('needs the profile scope for the person and for updates', async () => {
    // act
    const read = await api.as('scoped', '{ me { person { id } scopes } }', {}, { scope: 'couple:read' });
    const write = await api.as('scoped', 'mutation { updateProfile(input: { displayName: "X" }) { id } }', {}, { scope: 'couple:read' });

    // assert
    expect(errorCodes(read)).toEqual(['FORBIDDEN']);
    expect(read.errors?.[0]?.path).toEqual(['me', 'person']);
    expect(errorCodes(write)).toEqual(['FORBIDDEN']);
  });

  it('serves node(id) for oneself with profile, for a partner with couple:read, and nobody else', async () => {
    // prepare
    const { createActiveCouple } = await import('../support/operations');
    await createActiveCouple(api, 'np1', 'np2');
    const me = await api.as('np1', '{ me { person { id } couple { partners { id } } } }');
    const ownId = me.data.me.person.id;
    const partnerId = me.data.me.couple.partners.find((p: { id: string }) => p.id !== ownId).id;
    const node = 'query($id: ID!) { node(id: $id) { id ... on Person { displayName } } }';

    // act
    const ownWithProfile = await api.as('np1', node, { id: ownId }, { scope: 'profile' });
    const ownWithoutProfile = await api.as('np1', node, { id: ownId }, { scope: 'webhooks' });
    const partnerWithCoupleRead = await api.as('np1', node, { id: partnerId }, { scope: 'couple:read' });
    const partnerWithoutCoupleRead = await api.as('np1', node, { id: partnerId }, { scope: 'profile' });
    const stranger = await api.as('np3', node, { id: partnerId });

    // assert
    expect(ownWithProfile.data.node.displayName).toBe('Np1');
    expect(errorCodes(ownWithoutProfile)).toEqual(['FORBIDDEN']);
    expect(partnerWithCoupleRead.data.node.displayName).toBe('Np2');
    expect(errorCodes(partnerWithoutCoupleRead)).toEqual(['FORBIDDEN']);
    expect(stranger.errors).toBeUndefined();
    expect(stranger.data.node).toBeNull();
  });
});
