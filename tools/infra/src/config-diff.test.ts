import { describe, expect, it } from 'vitest';
import { loadStageConfig } from './config';
import { diffStageNames, diffStages, flattenSettings } from './config-diff';

describe('flattenSettings', () => {
  it('names nested settings by path and keeps lists and empty maps whole', () => {
    // Act
    const flat = flattenSettings({
      stage: 'dev',
      api: { stageName: 'v1', limit: 50 },
      tables: [],
      flags: {},
      domain: undefined,
    });

    // Assert
    expect(flat).toEqual({ 'api.stageName': 'v1', 'api.limit': '50', tables: '[]', flags: '{}', domain: '—' });
  });
});

describe('diffStages', () => {
  it('lists only the settings that differ, with each stage value', () => {
    // Act
    const differences = diffStages(['dev', 'staging', 'prod'].map((stage) => loadStageConfig(stage)));
    const byName = Object.fromEntries(differences.map((difference) => [difference.setting, difference.values]));

    // Assert
    expect(byName['retainData']).toEqual({ dev: 'false', staging: 'false', prod: 'true' });
    expect(byName['lambda.deployment']).toEqual({ dev: 'all-at-once', staging: 'canary', prod: 'canary' });
    expect(byName['accessLogRetentionDays']).toEqual({ dev: '30', staging: '90', prod: '365' });
    expect(byName['audit.objectLock']).toEqual({ dev: 'false', staging: 'false', prod: 'true' });
    // Same everywhere, so not listed: the region and the API stage name.
    expect(byName['region']).toBeUndefined();
    expect(byName['api.stageName']).toBeUndefined();
    expect(byName['namePrefix']).toBeUndefined();
  });

  it('reports operator settings too, so a stage configured differently shows up', () => {
    // Act
    const differences = diffStages([
      loadStageConfig('staging'),
      loadStageConfig('prod', { settings: { alarms: { emails: ['oncall@example.com'], webhooks: [] } } }),
    ]);

    // Assert
    expect(differences.find((difference) => difference.setting === 'alarms.emails')?.values).toEqual({
      staging: '[]',
      prod: '["oncall@example.com"]',
    });
  });

  it('prints an aligned table, one setting a line', () => {
    // Act
    const lines = diffStageNames(['staging', 'prod']);

    // Assert
    expect(lines[0]).toMatch(/^setting\s+staging\s+prod$/);
    expect(lines.find((line) => line.startsWith('retainData'))).toMatch(/^retainData\s+false\s+true$/);
  });
});
