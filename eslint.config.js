// @ts-check
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const noDefaultExport = {
  selector: 'ExportDefaultDeclaration',
  message: 'Use named exports (house style).',
};

/** The layer fence of ARCHITECTURE.md: shared ← electron/core ← electron/main, shared ← renderer. */
export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'test-output/**', 'bench-output/**', 'build/native/**', 'scratch/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-restricted-syntax': ['error', noDefaultExport],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads'], message: 'shared/ is isomorphic: no Node built-ins.' },
          { group: ['electron', 'react', 'react-dom', '**/electron/**', '**/renderer/**'], message: 'shared/ depends on nothing but itself and pure libraries.' },
        ],
      }],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron'], message: 'The core never imports electron: it runs in plain Node too.' },
          { group: ['**/electron/main/**', '**/electron/preload/**', '**/renderer/**', 'react', 'react-dom'], message: 'The core does not depend on the shell or the UI.' },
          { regex: '^xlsx(/|$)', message: 'SheetJS is imported in one module only: electron/core/import/sheetjs/sheetjs.ts.' },
        ],
      }],
    },
  },
  {
    // The one module that imports SheetJS (see README, "Spreadsheet formats"); the rest of the core's fences still hold.
    files: ['electron/core/import/sheetjs/sheetjs.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron'], message: 'The core never imports electron: it runs in plain Node too.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/electron/**', 'electron', 'node:*', 'better-sqlite3'], message: 'The renderer talks to the core only through shared/contract.' },
        ],
      }],
    },
  },
  {
    files: ['vite.config.ts', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
