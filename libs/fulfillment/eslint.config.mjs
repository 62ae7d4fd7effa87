import baseConfig from '../../eslint.config.mjs';

const BOUNDARIES = '@nx/enforce-module-boundaries';
const boundaries = baseConfig.find((entry) => entry.rules?.[BOUNDARIES])?.rules[BOUNDARIES];
if (!boundaries) throw new Error(`${BOUNDARIES} is not configured in the root eslint.config.mjs`);
const [severity, options] = boundaries;

export default [
  ...baseConfig,
  {
    // Integration tests drive the real fulfillment provider emulator (tools/emulators, scope:tooling).
    // Test files only: production code of this library still may not depend on tooling.
    files: ['src/**/*.test.ts', 'src/testing/**/*.ts'],
    rules: { [BOUNDARIES]: [severity, { ...options, allow: [...(options.allow ?? []), '@tth/emulators'] }] },
  },
];
