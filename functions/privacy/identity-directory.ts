/**
 * Where people sign in: the last thing erasure removes (README "Export and
 * erasure"). A port, so the privacy domain does not know Cognito: the cloud
 * wires `cognito-identity-directory.ts`, the local run and tests the no-op
 * below or a recording fake.
 */
export interface IdentityDirectory {
  /**
   * Deletes the sign-in identity `username` (Cognito's user name, not
   * necessarily the sub). An identity already gone counts as deleted, so an
   * erasure that crashed after this step can run it again.
   */
  deleteUser(username: string): Promise<void>;
}

/**
 * The local run's directory: the local issuer at `/local/token` signs a token
 * for any `sub` it is asked for and keeps no users, so there is nothing to
 * delete. The erasure still runs this step, in the same place as in the cloud.
 */
export const localIdentityDirectory: IdentityDirectory = {
  deleteUser: async () => undefined,
};
