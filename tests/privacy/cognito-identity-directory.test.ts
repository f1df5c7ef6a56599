import { AdminDeleteUserCommand, UserNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityDirectory } from '../../functions/privacy/cognito-identity-directory';

/** A stand-in for the SDK client: records each command and answers with `outcome` (no network). */
function fakeCognito(outcome: () => Promise<unknown>) {
  const sent: unknown[] = [];
  return {
    sent,
    client: {
      send: (command: unknown) => {
        sent.push(command);
        return outcome();
      },
    } as never,
  };
}

describe('CognitoIdentityDirectory', () => {
  it('sends AdminDeleteUser for the user name on its pool', async () => {
    // prepare
    const cognito = fakeCognito(async () => ({}));
    const directory = new CognitoIdentityDirectory('eu-central-1_Pool', cognito.client);
    // act
    await directory.deleteUser('Google_123');
    // assert
    expect(cognito.sent).toHaveLength(1);
    expect(cognito.sent[0]).toBeInstanceOf(AdminDeleteUserCommand);
    expect((cognito.sent[0] as AdminDeleteUserCommand).input).toEqual({ UserPoolId: 'eu-central-1_Pool', Username: 'Google_123' });
  });

  it('counts a user already gone as deleted (a retried erasure)', async () => {
    // prepare
    const gone = new UserNotFoundException({ message: 'User does not exist.', $metadata: {} });
    const directory = new CognitoIdentityDirectory('pool', fakeCognito(() => Promise.reject(gone)).client);
    // act + assert
    await expect(directory.deleteUser('someone')).resolves.toBeUndefined();
  });

  it('lets any other failure through, so the erasure stays PENDING', async () => {
    // prepare
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    const directory = new CognitoIdentityDirectory('pool', fakeCognito(() => Promise.reject(denied)).client);
    // act + assert
    await expect(directory.deleteUser('someone')).rejects.toThrow('not authorized');
  });
});
