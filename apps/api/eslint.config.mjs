import baseConfig, { depConstraints } from '../../eslint.config.mjs';

// API tests drive the built bundles and the handlers through the local API (tooling), with the emulators standing in for Stripe and the provider.
const testConstraints = depConstraints.map((constraint) => {
  if (constraint.sourceTag === 'scope:api')
    return { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'scope:tooling'] };
  if (constraint.sourceTag === 'type:app')
    return { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:tool'] };
  return constraint;
});

export default [
  ...baseConfig,
  {
    files: ['src/**/*.test.ts', 'src/integration/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: true, allow: [], depConstraints: testConstraints },
      ],
    },
  },
];
