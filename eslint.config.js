import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**', 'demo-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
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
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // @actions/core is wrapped by packages/action-kit; nothing else may import it.
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@actions/core', message: 'Import from @aws-delivery/action-kit instead.' }],
          patterns: ['../../*/src/*', '../../../packages/*'],
        },
      ],
    },
  },
  {
    // Product code: the fakes and test tools of packages/testing never reach a bundle in dist.
    files: ['actions/*/src/**/*.ts', 'packages/{aws,findings,k8s}/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@actions/core', message: 'Import from @aws-delivery/action-kit instead.' },
            { name: '@aws-delivery/testing', message: 'Test tools and fakes never ship in dist.' },
          ],
          patterns: ['../../*/src/*', '../../../packages/*', '@aws-delivery/testing/*'],
        },
      ],
    },
  },
  {
    files: ['packages/action-kit/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@aws-delivery/testing', message: 'Test tools and fakes never ship in dist.' }],
          patterns: ['@aws-delivery/testing/*'],
        },
      ],
    },
  },
);
