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

  it('updates the display name and time zone', async () => {
    // act
    const response = await api.as(
      'lin',
      'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { displayName timezone } }',
      { input: { displayName: '  Lin  ', timezone: 'Europe/Berlin' } },
    );

    // assert
    expect(response.errors).toBeUndefined();
    expect(response.data.updateProfile).toEqual({ displayName: 'Lin', timezone: 'Europe/Berlin' });
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
});
