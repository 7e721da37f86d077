// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const adapters = ['flatcar', 'gardenlinux', 'debian', 'ubuntu', 'k3os', 'bottlerocket', 'talos'];

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', 'docs/site/**', '.nx/**', '**/golden/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "ImportDeclaration[source.value='zod/v3']", message: 'Import zod 4 from "zod".' },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  // Dependency direction (DESIGN.md §1): an adapter never imports another adapter; core, format
  // packages and the testkit never import an adapter.
  ...adapters.map((adapter) => ({
    files: [`packages/${adapter}/src/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: adapters
            .filter((other) => other !== adapter)
            .map((other) => ({
              group: [`@kubenode/${other}`, `@kubenode/${other}/*`],
              message:
                'Adapters never import each other; move shared logic into @kubenode/core or a format package.',
            })),
        },
      ],
    },
  })),
  {
    files: [
      'packages/core/src/**/*.ts',
      'packages/ignition-config-ts/src/**/*.ts',
      'packages/cloud-init-yaml/src/**/*.ts',
      'packages/testkit/src/**/*.ts',
      'packages/rollout/src/**/*.ts',
      'packages/catalog/src/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: adapters.map((a) => `@kubenode/${a}`),
              message: 'Core, format packages, rollout, catalog and the testkit never import an adapter.',
            },
            {
              group: ['@kubenode/cli', '@kubenode/kubernetes'],
              message: 'Lower layers never import the CLI or the Kubernetes client.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test-d.ts', 'bench/**', 'tools/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
