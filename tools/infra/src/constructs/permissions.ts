/**
 * Least-privilege statements, written out rather than taken from `grant*()` helpers so every
 * action and resource is explicit: named tables and their named indexes (no `index/*`), single
 * secrets and parameters, and KMS use only through the services that need it.
 */
import type { TableDefinition } from '@tth/data';
import { aws_iam as iam } from 'aws-cdk-lib';
import type { TableAccess } from '../functions';

/** No Scan: every access pattern is a key lookup or an index query. */
export const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
/** Transactions (TransactWriteItems) are authorised item by item through these. */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

export function tableStatements(
  sid: string,
  tableArn: string,
  definition: TableDefinition,
  access: TableAccess,
): iam.PolicyStatement[] {
  const indexArns = definition.globalSecondaryIndexes.map((index) => `${tableArn}/index/${index.indexName}`);
  const statements = [
    new iam.PolicyStatement({ sid: `${sid}Read`, actions: TABLE_READ_ACTIONS, resources: [tableArn, ...indexArns] }),
  ];
  if (access === 'readWrite')
    statements.push(
      new iam.PolicyStatement({ sid: `${sid}Write`, actions: TABLE_WRITE_ACTIONS, resources: [tableArn] }),
    );
  return statements;
}

export function secretReadStatement(sid: string, secretArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    resources: [secretArn],
  });
}

export function parameterReadStatement(sid: string, parameterArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    actions: ['ssm:GetParameter', 'ssm:GetParameters'],
    resources: [parameterArn],
  });
}

/**
 * Use of the stage key, only as a side effect of calling `viaServices` (e.g. DynamoDB reading
 * an encrypted table). `encrypt` adds what writing needs.
 */
export function keyUseStatement(keyArn: string, viaServices: readonly string[], encrypt: boolean): iam.PolicyStatement {
  const actions = ['kms:Decrypt', 'kms:DescribeKey'];
  if (encrypt)
    actions.push(
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'kms:GenerateDataKeyWithoutPlaintext',
      'kms:ReEncryptFrom',
      'kms:ReEncryptTo',
    );
  return new iam.PolicyStatement({
    sid: 'UseStageKeyThroughServices',
    actions,
    resources: [keyArn],
    conditions: { StringEquals: { 'kms:ViaService': [...viaServices].sort() } },
  });
}

/**
 * What a writer of audit records may do: add objects under its own prefix of the audit bucket
 * (never read, overwrite history or delete: versioning and, in prod, Object Lock keep every
 * version) and encrypt them with the audit key through S3.
 */
export function auditWriteStatements(
  bucketArn: string,
  prefix: string,
  auditKeyArn: string,
  region: string,
): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: `WriteAudit${prefix.replace(/(?:^|[-_])(\w)/g, (_match, char: string) => char.toUpperCase())}`,
      actions: ['s3:PutObject'],
      resources: [`${bucketArn}/${prefix}/*`],
    }),
    new iam.PolicyStatement({
      sid: 'EncryptAuditRecordsThroughS3',
      actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
      resources: [auditKeyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
    }),
  ];
}
