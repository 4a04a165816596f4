// Lint rules, including the import boundaries between runtimes (see DESIGN.md "Parts").
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { floorPlugin } from './scripts/lint/floorImports.js';

const uiPackages = ['electron', 'react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'howler'];
// Any core module but the app API contract (types) and its method list (plain data).
const contractOnly = '(^|/)core/(?!api/(appApi|appMethods)$)';
// The floors, bottom up, as an allow-list: each lists what it may import (a folder not listed is
// forbidden). The floors above protocol/ still use the deny-lists below until they are regrouped.
const floors = [
  { files: ['base/**'], floor: 'base/', may: ['base'], packages: 'node' },
  // Its tests may use real packages (a real SQLite file for the migration runner).
  { files: ['base/**/*.test.ts'], floor: 'base/ tests', may: ['base'] },
  { files: ['protocol/**'], floor: 'protocol/', may: ['base', 'protocol'] },
  { files: ['keyserver/**'], floor: 'keyserver/', may: ['base', 'protocol', 'keyserver'] },
  {
    // The devnet's key server and the key server's test harness use the development network and
    // the test kit.
    files: ['keyserver/devnetKeyServer.ts', 'keyserver/testing/**', 'keyserver/**/*.test.ts'],
    floor: 'keyserver/ tooling',
    may: ['base', 'protocol', 'keyserver', 'testkit', 'devnet'],
  },
  // The domain: below the app and the hosts, above protocol/. Its tests may use the development
  // network, the test kit, a real key server and a real seed.
  { files: ['core/**'], floor: 'core/', may: ['base', 'protocol', 'core'] },
  {
    files: ['core/**/*.test.ts', 'core/**/testSupport/**', 'core/**/testing/**'],
    floor: 'core/ tests',
    may: ['base', 'protocol', 'core', 'devnet', 'testkit', 'keyserver', 'seed'],
  },
  // A seed is a host-level program like the key server, but it stores and follows the catalogue
  // with the app's own storage and chain code, so it may use core/ as well.
  { files: ['seed/**'], floor: 'seed/', may: ['base', 'protocol', 'core', 'seed'] },
  {
    files: ['seed/devnetSeed.ts', 'seed/**/*.test.ts'],
    floor: 'seed/ tooling',
    may: ['base', 'protocol', 'core', 'seed', 'devnet', 'testkit'],
  },
  // The development network: anvil, the factory's deployment and the devnet's lock and files.
  // Never imported by core/; testkit/ (test harness) is not a floor and stays unrestricted.
  { files: ['devnet/**'], floor: 'devnet/', may: ['base', 'protocol', 'core/wallet', 'devnet'] },
];
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
          patterns: [
            { group: ['react-dom/*', 'zustand/*'], message: 'Domain code runs in plain Node.' },
            {
              group: ['**/main/*', '!**/main/headless', '**/renderer/**', '**/preload/**'],
              message: 'Domain code imports no shell or UI code.',
            },
          ],
        },
      ],
    },
  },
  ...floors.map(({ files, ...options }) => ({
    files,
    plugins: { busker: floorPlugin },
    rules: { 'busker/floor-imports': ['error', options] },
  })),
  {
    files: ['main/**'],
    ignores: ['main/ipc.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [rawIpc] }] },
  },
  {
    files: ['preload/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: contractOnly,
              message: 'The preload sees only the app API contract.',
            },
            {
              group: ['**/core/api/appApi'],
              allowTypeImports: true,
              message: 'Import the contract as types only.',
            },
          ],
        },
      ],
    },
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
          patterns: [
            {
              regex: contractOnly,
              message: 'The renderer reaches the host only through renderer/bridge/.',
            },
            {
              group: ['**/core/api/appApi'],
              allowTypeImports: true,
              message: 'Import the app API contract as types only.',
            },
            {
              group: ['**/main/**', '**/preload/**', 'node:*'],
              message: 'The renderer runs in a sandboxed page.',
            },
          ],
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
