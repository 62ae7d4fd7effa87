import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operationIndex } from '@tth/contracts/validation';
import { TABLE_ENV_VARS, type TableId } from '@tth/data';
import { handlerModules } from './entries';
import { functionByOperation, functionNames, functions, settingsOf, type Trigger } from './functions';
import { settings, type SettingDefinition } from './settings';

const definitions = settings as Readonly<Record<string, SettingDefinition>>;

describe('the list of functions', () => {
  it('serves every operation of openapi.yaml by exactly one function', () => {
    // Arrange
    const specOperations = operationIndex.map((operation) => operation.operationId).sort();

    // Act
    const served = functionNames.flatMap((name) => {
      const trigger: Trigger = functions[name].trigger;
      return trigger.kind === 'http' ? trigger.operations : [];
    });

    // Assert
    expect([...served].sort()).toEqual(specOperations);
    expect(new Set(served).size).toBe(served.length);
    expect(Object.keys(functionByOperation).sort()).toEqual(specOperations);
  });

  it('has a handler module ./handlers/<name>.ts for every function, and a loader for exactly those', async () => {
    // Arrange: a handler reads its configuration when it is imported.
    Object.assign(process.env, { CATALOG_TABLE: 'catalog', STOREFRONT_URL: 'http://localhost:5173' });

    // Act
    const missing = functionNames.filter((name) => !existsSync(join(import.meta.dirname, 'handlers', `${name}.ts`)));
    const loaded = await handlerModules.catalog();

    // Assert
    expect(missing).toEqual([]);
    expect(Object.keys(handlerModules).sort()).toEqual([...functionNames].sort());
    expect(loaded).toBe(await import('./handlers/catalog'));
  });

  it('gives every function the name of each table its role may touch', () => {
    // Act
    const unnamed = functionNames.flatMap((name) => {
      const read = new Set(
        settingsOf(name).flatMap((key) => {
          const definition = definitions[key];
          return definition?.kind === 'table' ? [definition.table] : [];
        }),
      );
      return (Object.keys(functions[name].tables) as TableId[])
        .filter((table) => !read.has(table))
        .map((table) => `${name}: ${table}`);
    });

    // Assert
    expect(unnamed).toEqual([]);
  });
});

describe('the list of settings', () => {
  it('names each environment variable once, table names as @tth/data spells them', () => {
    // Act
    const variables = Object.values(definitions).flatMap((definition) => [
      definition.env,
      ...(definition.kind === 'secret' || definition.kind === 'parameter' ? [definition.aws.env] : []),
    ]);
    const tables = Object.values(definitions).flatMap((definition) =>
      definition.kind === 'table' ? [[definition.table, definition.env]] : [],
    );

    // Assert
    expect(new Set(variables).size).toBe(variables.length);
    expect(Object.fromEntries(tables)).toEqual(TABLE_ENV_VARS);
  });

  it('keeps every default and local value within its own bounds', () => {
    // Act
    const outOfBounds = Object.entries(definitions).filter(([, definition]) => {
      if (definition.kind !== 'integer') return false;
      const values = [definition.default, definition.local === undefined ? undefined : Number(definition.local)];
      return values.some((value) => value !== undefined && (value < definition.min || value > definition.max));
    });

    // Assert
    expect(outOfBounds.map(([key]) => key)).toEqual([]);
  });

  it('is read by some function, every one of them', () => {
    // Act
    const read = new Set(functionNames.flatMap((name) => settingsOf(name)));
    const unread = Object.keys(definitions).filter((key) => !read.has(key as never));

    // Assert
    expect(unread).toEqual([]);
  });
});
