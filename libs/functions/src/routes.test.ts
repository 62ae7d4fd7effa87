import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operationIndex } from '@tth/contracts/validation';
import { functionByOperation, httpFunctions, scheduledFunctions } from './routes';

describe('routes', () => {
  it('maps every operation of openapi.yaml to exactly one function', () => {
    // Arrange
    const specOperations = operationIndex.map((operation) => operation.operationId).sort();

    // Act
    const mapped = Object.values(httpFunctions).flat();

    // Assert
    expect([...mapped].sort()).toEqual(specOperations);
    expect(new Set(mapped).size).toBe(mapped.length);
    expect(Object.keys(functionByOperation).sort()).toEqual(specOperations);
  });

  it('names a handler file for every function', () => {
    // Arrange
    const names = [...Object.keys(httpFunctions), ...scheduledFunctions];

    // Act
    const missing = names.filter((name) => !existsSync(join(import.meta.dirname, 'handlers', `${name}.ts`)));

    // Assert
    expect(missing).toEqual([]);
  });
});
