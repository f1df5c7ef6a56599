import { AdminDeleteUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityDirectory } from './identity-directory';

/**
 * The cloud's directory: the stage's Cognito user pool. Needs
 * `cognito-idp:AdminDeleteUser` on that pool (only the erasure sweep Lambda
 * has it: infra/constructs/erasure-sweep.ts).
 */
export class CognitoIdentityDirectory implements IdentityDirectory {
  constructor(
    private readonly userPoolId: string,
    private readonly client: Pick<CognitoIdentityProviderClient, 'send'>,
  ) {}

  /** A directory on the pool `userPoolId`, with its own SDK client for `region`. */
  static forPool(userPoolId: string, region: string): CognitoIdentityDirectory {
    return new CognitoIdentityDirectory(userPoolId, new CognitoIdentityProviderClient({ region }));
  }

  async deleteUser(username: string): Promise<void> {
    try {
      await this.client.send(new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: username }));
    } catch (error) {
      // Already deleted (an earlier run of this erasure got this far, or an operator did it): done.
      if ((error as { name?: string }).name === 'UserNotFoundException') return;
      throw error;
    }
  }
}
