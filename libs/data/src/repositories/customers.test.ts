import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedTables, type IsolatedTables } from '../testing';
import { CustomersRepository, customerUpsertItem } from './customers';

let db: IsolatedTables;
let customers: CustomersRepository;

beforeAll(async () => {
  db = await createIsolatedTables('customers-repo');
  customers = new CustomersRepository(db.clients.doc, db.tableNames.Customers);
});
afterAll(() => db.cleanup());

const upsert = (name: string, now: string) =>
  db.clients.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        customerUpsertItem(db.tableNames.Customers, { customerId: 'cust_ada', email: 'ada@example.com', name, now }),
      ],
    }),
  );

describe('customers', () => {
  it('keep the first createdAt and the latest name across orders', async () => {
    await upsert('Ada', '2030-01-01T00:00:00.000Z');

    await upsert('Ada Lovelace', '2030-02-01T00:00:00.000Z');

    expect(await customers.get('cust_ada')).toEqual({
      customerId: 'cust_ada',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      createdAt: '2030-01-01T00:00:00.000Z',
      updatedAt: '2030-02-01T00:00:00.000Z',
    });
  });

  it('are found by email', async () => {
    await upsert('Ada', '2030-01-01T00:00:00.000Z');

    const found = await customers.findByEmail('ada@example.com');

    expect(found?.customerId).toBe('cust_ada');
    expect(await customers.findByEmail('nobody@example.com')).toBeUndefined();
  });
});
