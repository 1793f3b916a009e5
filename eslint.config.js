// One lint config for the workspace. The rule that matters most: shared/ is the contract and the
// pure logic, so it may not reach into any of the packages that depend on it.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'coverage/**', 'tests/artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['shared/**/*.ts', 'shared/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@torch/backend', '@torch/backend/*', '@torch/frontend', '@torch/frontend/*', '@torch/simulators', '@torch/simulators/*'],
              message: 'shared/ must not import backend/, frontend/ or simulators/: it is the contract they all depend on.',
            },
            {
              group: ['**/backend/**', '**/frontend/**', '**/simulators/**', '../../backend*', '../../frontend*', '../../simulators*'],
              message: 'shared/ must not import backend/, frontend/ or simulators/: it is the contract they all depend on.',
            },
            {
              group: ['node:*', 'fs', 'net', 'http', 'ioredis', 'express', 'socket.io'],
              message: 'shared/ is pure: no I/O modules.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read arbitrary JSON responses; typing every body would only restate the contract.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Other workspaces import shared only by its package name, never its internals.
    files: ['backend/**/*.ts', 'frontend/**/*.ts', 'frontend/**/*.tsx', 'simulators/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@torch/shared/*', '**/shared/src/**'], message: 'Import from "@torch/shared" (its index), not its internals.' }] },
      ],
    },
  },
  {
    // The gateway that production runs (main.ts and everything it is made of) neither contains nor
    // imports npm start's launcher and the embedded store: they live in backend/src/launcher/.
    files: ['backend/**/*.ts'],
    ignores: ['backend/src/launcher/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@torch/shared/*', '**/shared/src/**'], message: 'Import from "@torch/shared" (its index), not its internals.' },
            { group: ['**/launcher', '**/launcher/**'], message: 'The gateway must not import the launcher (npm start, the embedded store): production runs without it.' },
          ],
        },
      ],
    },
  },
);
