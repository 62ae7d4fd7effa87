/**
 * The last step of the restore runbook: with `restoredTables.Orders` set, the stage uses the
 * restored table everywhere (functions, roles, the fulfillment trigger, backups, the trail, the
 * alarms) and keeps the original untouched for the investigation.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { functionNames, functionSpecs } from '../functions';
import { restoredOrders } from '../testing/stage-settings';
import { renderIntrinsics, resourcesOfType, templateJson } from '../testing/templates';

const restoredArn = `arn:aws:dynamodb:us-east-2:<account>:table/${restoredOrders.tableName}`;

describe('prod pointed at a restored Orders table', () => {
  let app: ReturnType<typeof templateJson>;
  let data: ReturnType<typeof templateJson>;
  const text = (value: unknown) => JSON.stringify(renderIntrinsics(value));

  beforeAll(() => {
    app = templateJson('prod-restored', 'app');
    data = templateJson('prod-restored', 'data');
  });

  it('gives every function that reads Orders the restored table name', () => {
    // Act
    const ordersTableEnv = resourcesOfType(app, 'AWS::Lambda::Function')
      .map(([, fn]) => (fn.Properties!['Environment'] as { Variables: Record<string, unknown> }).Variables)
      .filter((variables) => 'ORDERS_TABLE' in variables)
      .map((variables) => variables['ORDERS_TABLE']);

    // Assert
    expect(ordersTableEnv.length).toBeGreaterThan(0);
    expect(new Set(ordersTableEnv)).toEqual(new Set([restoredOrders.tableName]));
  });

  it('grants the Orders permissions on the restored table and its indexes, and none on the original', () => {
    // Act
    const policies = text(resourcesOfType(app, 'AWS::IAM::Policy').map(([, policy]) => policy.Properties));
    const withOrders = functionNames.filter((fn) => functionSpecs[fn].tables.Orders !== undefined);

    // Assert
    expect(withOrders.length).toBeGreaterThan(0);
    expect(policies).toContain(restoredArn);
    expect(policies).toContain(`${restoredArn}/index/byStatus`);
    expect(policies).not.toMatch(/OrdersTable[0-9A-F]{8}Arn/);
  });

  it('triggers fulfillment from the restored table’s stream', () => {
    // Act
    const mapping = resourcesOfType(app, 'AWS::Lambda::EventSourceMapping')[0]![1].Properties!;

    // Assert
    expect(mapping['EventSourceArn']).toBe(restoredOrders.streamArn);
  });

  it('backs up, audits and watches the restored table, and keeps the original (retained)', () => {
    // Act
    const selection = text(resourcesOfType(data, 'AWS::Backup::BackupSelection')[0]![1].Properties);
    const trail = text(resourcesOfType(data, 'AWS::CloudTrail::Trail')[0]![1].Properties!['AdvancedEventSelectors']);
    const alarms = resourcesOfType(app, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties!['AlarmName']);
    const original = resourcesOfType(data, 'AWS::DynamoDB::Table').find(
      ([, table]) => table.Properties!['TableName'] === 'ticketstoheaven-prod-orders',
    )![1];

    // Assert
    expect(selection).toContain(restoredArn);
    expect(selection).not.toMatch(/"OrdersTable[0-9A-F]{8}"/);
    expect(trail).toContain(restoredArn);
    expect(alarms).toContain(`${restoredOrders.tableName}-throttled`);
    expect(alarms).not.toContain('ticketstoheaven-prod-orders-throttled');
    expect([original.DeletionPolicy, original.Properties!['DeletionProtectionEnabled']]).toEqual(['Retain', true]);
    expect(Object.keys((data as { Outputs?: object }).Outputs ?? {})).toContain('OrdersRestoredTableName');
  });
});
