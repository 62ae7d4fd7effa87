import { describe, expect, it } from 'vitest';
import { customerIdFor, normaliseEmail } from './customer';

describe('customers', () => {
  it('normalise emails by trimming and lower-casing', () => {
    expect(normaliseEmail('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
  });

  it('get the same id for the same address in any case, and never contain the address', () => {
    const id = customerIdFor('Ada@Example.com');

    expect(customerIdFor(' ada@example.com')).toBe(id);
    expect(id).toMatch(/^cust_[A-Za-z0-9_-]{43}$/);
    expect(id).not.toContain('ada');
  });

  it('get different ids for different addresses', () => {
    expect(customerIdFor('ada@example.com')).not.toBe(customerIdFor('grace@example.com'));
  });
});
