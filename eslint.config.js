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
    files: ['packages/action-kit/src/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
