/**
 * cdk-nag acknowledgements for resources that aws-cdk-lib creates on our behalf inside the app
 * stack (providers and service roles we cannot configure). Our own constructs acknowledge
 * their findings next to the code that causes them.
 */
import { Token, type aws_s3 as s3, type Stack } from 'aws-cdk-lib';
import { acknowledge } from '../nag';
import type { ServiceApi } from '../constructs/service-api';
import type { Storefront } from '../constructs/storefront';

export function acknowledgeAppStackFindings(stack: Stack, api: ServiceApi, storefront: Storefront): void {
  acknowledge(
    api.api,
    'False positive for SpecRestApi: the request validators and per-operation validator are in the imported OpenAPI body (x-amazon-apigateway-request-validators), which this rule does not read.',
    'AwsSolutions-APIG2',
  );
  acknowledge(
    api.api,
    'The account-level API Gateway logging role uses AmazonAPIGatewayPushToCloudWatchLogs, the AWS-maintained policy for execution logs.',
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
  );
  acknowledge(
    storefront.distribution,
    'Tickets are sold to buyers anywhere; events are not region-locked, so no geographic restriction applies.',
    'AwsSolutions-CFR1',
  );
  acknowledge(
    storefront.distribution,
    'Served on the default *.cloudfront.net certificate, whose viewer TLS policy CloudFront fixes at TLSv1; a minimum of TLSv1.2_2021 needs a custom domain with an ACM certificate (docs/decisions/013-infra-storefront-and-csp.md).',
    'AwsSolutions-CFR4',
  );

  const partition = Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
  // aws-cdk-lib's BucketDeployment provider (one singleton per stack) uploads the storefront build.
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
    acknowledge(
      child,
      'aws-cdk-lib BucketDeployment provider: its runtime and basic execution role are managed by aws-cdk-lib and it only runs during deployments.',
      'AwsSolutions-L1',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    );
    acknowledge(
      child,
      'aws-cdk-lib BucketDeployment provider: syncs (and prunes) the storefront build, reading the CDK asset bucket and writing the site bucket only, and invalidates CloudFront (no resource-level permission).',
      'AwsSolutions-IAM5[Action::s3:GetObject*]',
      'AwsSolutions-IAM5[Action::s3:GetBucket*]',
      'AwsSolutions-IAM5[Action::s3:List*]',
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
      'AwsSolutions-IAM5[Action::s3:Abort*]',
      `AwsSolutions-IAM5[Resource::arn:${partition}:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${stack.region}/*]`,
      `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(storefront.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
      'AwsSolutions-IAM5[Resource::*]',
    );
  }
}
