import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ALL_SCOPES, RESOURCE_SERVER_ID } from '../../functions/shared/auth/scopes';
import type { IntegratorConfig } from '../stage-config';

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
  readonly stage: string;
  /** One app client each, with only its scopes and redirect URLs. */
  readonly integrators: readonly IntegratorConfig[];
  /** Off by default: early users are invited (created by an admin). */
  readonly selfSignUpEnabled?: boolean;
  /**
   * Prefix of the Cognito hosted domain (`<prefix>.auth.<region>.amazoncognito.com`).
   * Prefixes are unique per region across all of AWS, hence the stage and account id in the default.
   */
  readonly domainPrefix?: string;
}

/** The Cognito user pool that issues the tokens the HTTP API and the Lambda check. */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  /** One per integrator, by name. */
  readonly clients: Map<string, cognito.UserPoolClient>;
  readonly domain: cognito.UserPoolDomain;
  /** Exact `iss` of the pool's tokens. */
  readonly issuer: string;
  readonly jwksUrl: string;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `reconnect-${props.stage}`,
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
      // MFA for everyone, authenticator apps only. Practice members read
      // couples' reflections and must not sign in on a password alone;
      // Cognito can only require MFA for a whole pool (a group or app client
      // cannot), and couples' own reflections deserve the same protection.
      // No SMS: SIM swapping defeats it, and it sends phone numbers to AWS
      // End User Messaging for nothing. README "Security and privacy" says more.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Plus: threat protection blocks sign-ins with leaked credentials and
      // risky sign-ins (adaptive authentication), and logs auth events.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
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
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `reconnect-${props.stage}-${Aws.ACCOUNT_ID}` },
    });

    const scopeByName = new Map(scopes.map((scope) => [scope.scopeName, scope]));
    this.clients = new Map();
    for (const integrator of props.integrators) {
      const client = this.userPool.addClient(`Client-${integrator.name}`, {
        userPoolClientName: `reconnect-${props.stage}-${integrator.name}`,
        // Public clients (browser and mobile apps) cannot keep a secret; PKCE
        // protects their code exchange instead.
        generateSecret: false,
        // Only the hosted authorization-code flow (plus refresh). Tokens from
        // the direct flows (SRP, password) carry no custom scopes, so the API
        // would reject them anyway; better not to hand them out.
        authFlows: { userSrp: false, userPassword: false, adminUserPassword: false, custom: false },
        oAuth: {
          flows: { authorizationCodeGrant: true },
          // Only this integrator's scopes: a token it obtains can never carry more.
          scopes: [
            cognito.OAuthScope.OPENID,
            ...integrator.scopes.map((name) => cognito.OAuthScope.resourceServer(resourceServer, scopeByName.get(name)!)),
          ],
          callbackUrls: [...integrator.callbackUrls],
        },
        supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
        preventUserExistenceErrors: true,
        accessTokenValidity: Duration.hours(1),
        idTokenValidity: Duration.hours(1),
        refreshTokenValidity: Duration.days(30),
        enableTokenRevocation: true,
      });
      this.clients.set(integrator.name, client);
    }

    this.issuer = `https://${this.userPool.userPoolProviderUrl}`;
    this.jwksUrl = `${this.issuer}/.well-known/jwks.json`;
  }
}
