import { App, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { auditPrefixes } from '../config';
import { auditWriteStatements } from './permissions';

describe('auditWriteStatements', () => {
  it('lets an audit writer add objects under its own prefix only, encrypted with the audit key via S3', () => {
    // Arrange
    const stack = new Stack(new App(), 'Permissions', { env: { region: 'us-east-2' } });

    // Act
    const statements = auditWriteStatements(
      'arn:aws:s3:::ticketstoheaven-prod-audit-123456789012-us-east-2',
      auditPrefixes.backOffice,
      'arn:aws:kms:us-east-2:123456789012:key/abc',
      'us-east-2',
    ).map((statement) => stack.resolve(statement.toStatementJson()) as Record<string, unknown>);

    // Assert
    expect(statements).toEqual([
      {
        Sid: 'WriteAuditBackoffice',
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::ticketstoheaven-prod-audit-123456789012-us-east-2/backoffice/*',
      },
      {
        Sid: 'EncryptAuditRecordsThroughS3',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Encrypt'],
        Resource: 'arn:aws:kms:us-east-2:123456789012:key/abc',
        Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-2.amazonaws.com' } },
      },
    ]);
    // No read, overwrite-protection bypass or delete: history stays as written.
    const actions = statements.flatMap((statement) => [statement['Action']].flat());
    expect(actions.filter((action) => /Delete|Get|Bypass|PutObjectRetention|\*/.test(String(action)))).toEqual([]);
    expect(statements.every((statement) => statement['Effect'] === iam.Effect.ALLOW)).toBe(true);
  });
});
