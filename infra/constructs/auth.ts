import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ALL_SCOPES, RESOURCE_SERVER_ID } from '../../functions/shared/auth/scopes';

/**
 * Identifier of the resource server. Cognito names custom scopes
 * `<identifier>/<scope>`, so an access token carries `reconnect/couple:read`,
 * not `couple:read`: the Lambda must accept the prefixed form and map
 * `reconnect/couple:read` -> `couple:read` before the domain layer sees it.
 */
export { RESOURCE_SERVER_ID };

/** Scopes a third-party app or practice dashboard can ask the user for: the contract's, as the Lambda parses them. */
export const API_SCOPES = ALL_SCOPES;

export interface AuthProps {
  /** Where the hosted sign-in may send the authorization code back to. */
  readonly callbackUrls: string[];
  /** Off by default: early users are invited (created by an admin). */
  readonly selfSignUpEnabled?: boolean;
  /**
   * Prefix of the Cognito hosted domain (`<prefix>.auth.<region>.amazoncognito.com`).
   * Prefixes are unique per region across all of AWS, hence the account id in the default.
   */
  readonly domainPrefix?: string;
}

/** The Cognito user pool that issues the tokens the HTTP API and the Lambda check. */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** Exact `iss` of the pool's tokens. */
  readonly issuer: string;
  readonly jwksUrl: string;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: props.selfSignUpEnabled ?? false,
      signInAliases: { email: true },
      // Fixed at creation: people type their address in any case.
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        // Not required: required attributes can never be changed once the
        // pool exists, and the API copes with a person without a display name.
        fullname: { required: false, mutable: true },
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Deleting the pool deletes every account and orphans every couple in
      // the table, so neither a stack deletion nor a stray click may do it.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const scopes = API_SCOPES.map(
      (scopeName) => new cognito.ResourceServerScope({ scopeName, scopeDescription: `Reconnect API: ${scopeName}` }),
    );
    const resourceServer = this.userPool.addResourceServer('ResourceServer', {
      identifier: RESOURCE_SERVER_ID,
      scopes,
    });

    this.domain = this.userPool.addDomain('HostedDomain', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `reconnect-${Aws.ACCOUNT_ID}` },
    });

    this.client = this.userPool.addClient('AppClient', {
      // Public clients (browser and mobile apps) cannot keep a secret; PKCE
      // protects their code exchange instead.
      generateSecret: false,
      // Only the hosted authorization-code flow (plus refresh). Tokens from
      // the direct flows (SRP, password) carry no custom scopes, so the API
      // would reject them anyway; better not to hand them out.
      authFlows: { userSrp: false, userPassword: false, adminUserPassword: false, custom: false },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, ...scopes.map((s) => cognito.OAuthScope.resourceServer(resourceServer, s))],
        callbackUrls: props.callbackUrls,
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    this.issuer = `https://${this.userPool.userPoolProviderUrl}`;
    this.jwksUrl = `${this.issuer}/.well-known/jwks.json`;
  }
}
