/**
 * The organizers' sign-in: the Cognito user pool (strong passwords, no self sign-up, MFA optional
 * on dev and required on staging and prod), the `organizers` group, the back office's app client,
 * the Cognito authorizer on every organizer operation and on no buyer operation, and the organizer
 * function's settings pointing at that pool.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { stageNames } from '../config';
import { listOperations, type OpenApiDocument } from '../openapi-integration';
import { resourcesOfType, template, templateJson } from '../testing/templates';

describe.each(stageNames)('organizer sign-in (%s)', (stage) => {
  let app: Template;
  let json: ReturnType<typeof templateJson>;
  let body: OpenApiDocument;

  beforeAll(() => {
    app = template(stage, 'app');
    json = templateJson(stage, 'app');
    body = resourcesOfType(json, 'AWS::ApiGateway::RestApi')[0]![1].Properties!['Body'] as OpenApiDocument;
  });

  it('is one user pool that only administrators add users to, with a strong password policy', () => {
    // Act
    const pools = resourcesOfType(json, 'AWS::Cognito::UserPool');

    // Assert
    expect(pools).toHaveLength(1);
    expect(pools[0]![1].Properties).toMatchObject({
      UserPoolName: `ticketstoheaven-${stage}-organizers`,
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 3,
        },
      },
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
  });

  it(`makes MFA ${stage === 'dev' ? 'optional' : 'required'}`, () => {
    // Act & Assert
    app.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: stage === 'dev' ? 'OPTIONAL' : 'ON' });
  });

  it('has the organizers group and a secretless browser client that signs in with SRP', () => {
    // Act & Assert
    app.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'organizers' });
    app.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: `ticketstoheaven-${stage}-backoffice`,
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
    });
  });

  it('guards every organizer operation with the Cognito authorizer of that pool, and no buyer operation', () => {
    // Act
    const guarded = listOperations(body)
      .filter(({ method, path }) => (body.paths[path]![method.toLowerCase()] as Record<string, unknown>)['security'])
      .map(({ path }) => path);
    const scheme = (body.components!['securitySchemes'] as Record<string, Record<string, unknown>>)['organizerToken'];

    // Assert
    expect(guarded.length).toBeGreaterThan(0);
    expect(guarded.every((path) => path.startsWith('/admin/'))).toBe(true);
    expect(
      listOperations(body)
        .filter(({ path }) => path.startsWith('/admin/'))
        .map(({ path }) => path),
    ).toEqual(guarded);
    expect(scheme).toMatchObject({
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authtype': 'cognito_user_pools',
      'x-amazon-apigateway-authorizer': {
        type: 'cognito_user_pools',
        providerARNs: [expect.objectContaining({ 'Fn::GetAtt': expect.any(Array) })],
      },
    });
    expect(JSON.stringify(scheme)).toMatch(/OrganizerSignInUserPool\w*","Arn"/);
  });

  it("gives the organizer function the pool and client to check tokens against, and Cognito's issuer (no local endpoint)", () => {
    // Act
    const organizer = resourcesOfType(json, 'AWS::Lambda::Function').find(([id]) => id.startsWith('Organizer'));
    const variables = (organizer![1].Properties!['Environment'] as { Variables: Record<string, unknown> }).Variables;

    // Assert
    expect(JSON.stringify(variables['ORGANIZER_USER_POOL_ID'])).toMatch(/OrganizerSignInUserPool/);
    expect(JSON.stringify(variables['ORGANIZER_CLIENT_ID'])).toMatch(/OrganizerSignInUserPoolBackofficeClient/);
    expect(variables['COGNITO_ENDPOINT']).toBeUndefined();
  });
});
