// Lint rules, including the import boundaries between runtimes (see DESIGN.md "Parts").
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { floorPlugin } from './scripts/lint/floorImports.js';
import { floors } from './scripts/lint/floors.js';

const uiPackages = ['electron', 'react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'howler'];
const rawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Use the typed IPC wrappers (main/ipc.ts, preload/preload.ts).',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'contracts/build/', '.test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    files: ['base/**', 'protocol/**', 'core/**', 'keyserver/**', 'seed/**', 'cli/**', 'main/headless/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: uiPackages.filter((name) => !name.includes('*')),
          patterns: [{ group: ['react-dom/*', 'zustand/*'], message: 'Domain code runs in plain Node.' }],
        },
      ],
    },
  },
  {
    // Every file stands on a floor and imports only what its floor lists (scripts/lint/floors.js).
    files: ['**/*.{js,mjs,cjs,ts,tsx,mts,cts}'],
    plugins: { busker: floorPlugin },
    rules: { 'busker/floor-imports': ['error', { floors }] },
  },
  {
    files: ['main/**'],
    ignores: ['main/ipc.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [rawIpc] }] },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['electron'],
          patterns: [{ group: ['node:*'], message: 'The renderer runs in a sandboxed page.' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Reach the host through renderer/bridge/.' },
        'EventSource',
      ],
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'busker', message: 'Reach the host through renderer/bridge/.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Metadata is rendered as text, never as HTML.',
        },
        {
          selector: "MemberExpression[property.name='innerHTML']",
          message: 'Metadata is rendered as text, never as HTML.',
        },
      ],
    },
  },
  {
    files: ['**/*.browser.js'],
    languageOptions: { globals: { ...globals.browser } },
    // Patching a prototype method means keeping the element `this` names.
    rules: { '@typescript-eslint/no-this-alias': 'off' },
  },
  {
    // Unit tests of the renderer's pure logic run in Node.
    files: ['renderer/**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/bridge/**'],
    rules: { 'no-restricted-globals': 'off', 'no-restricted-properties': 'off' },
  },
);
