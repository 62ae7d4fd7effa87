/**
 * CloudFront-scope resources, which AWS only accepts in us-east-1: the storefront's WAF web ACL.
 * The application stack (us-east-2) reads its ARN through a cross-region reference.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { RateLimitedWebAcl } from '../constructs/rate-limited-web-acl';

export interface EdgeStackProps extends StackProps {
  readonly config: StageConfig;
}

export class EdgeStack extends Stack {
  readonly storefrontWebAclArn: string;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const acl = new RateLimitedWebAcl(this, 'StorefrontWaf', {
      name: `${props.config.namePrefix}-storefront`,
      scope: 'CLOUDFRONT',
      requestsPer5MinPerIp: props.config.waf.storefrontRequestsPer5MinPerIp,
    });
    this.storefrontWebAclArn = acl.arn;
    new CfnOutput(this, 'StorefrontWebAclArn', { value: acl.arn });
  }
}
