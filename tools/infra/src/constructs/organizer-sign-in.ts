/**
 * The organizers' sign-in: a Cognito user pool (administrators create users, nobody signs up),
 * the `organizers` group, and the back office's app client. API Gateway's Cognito authorizer
 * trusts this pool for the organizer operations; each organizer function checks the ID token and
 * the group again (docs/decisions/080-organizer-sign-in.md).
 */
import { aws_cognito as cognito, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ORGANIZERS_GROUP } from '@tth/organizer';
import { acknowledge } from '../nag';

export interface OrganizerSignInProps {
  readonly namePrefix: string;
  readonly mfa: 'optional' | 'required';
  readonly retain: boolean;
}

export class OrganizerSignIn extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: OrganizerSignInProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `${props.namePrefix}-organizers`,
      // Organizers are invited by an operator (nx run infra:create-organizer), never self-registered.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: props.mfa === 'required' ? cognito.Mfa.REQUIRED : cognito.Mfa.OPTIONAL,
      // Authenticator apps only: SMS needs an SNS role and a spend limit, and is the weaker factor.
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      deletionProtection: props.retain,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    new cognito.CfnUserPoolGroup(this, 'OrganizersGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: ORGANIZERS_GROUP,
      description: 'May use the back office (API Gateway checks the token, each organizer function the group).',
    });

    this.client = this.userPool.addClient('BackofficeClient', {
      userPoolClientName: `${props.namePrefix}-backoffice`,
      // A browser app: no client secret it could not keep.
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: false, adminUserPassword: false, custom: false },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
    });

    if (props.mfa === 'optional')
      acknowledge(
        this.userPool,
        'MFA is optional on dev only (test organizers, no real sales); staging and prod require it (config.ts organizers.mfa).',
        'AwsSolutions-COG2',
      );
    acknowledge(
      this.userPool,
      'Threat protection (advanced security) needs the Plus feature plan; organizers are a handful of invited accounts with strong passwords and MFA in prod, and every admin action is audited.',
      'AwsSolutions-COG3',
      'AwsSolutions-COG8',
    );
  }
}
