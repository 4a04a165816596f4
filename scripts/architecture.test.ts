// The architecture of issue #20, held by one static test: no runtime import cycle among the source
// files, no import against the floor order, and no source file over 400 lines (tests aside). The
// floors, what each is for and what it may import, are the one table in scripts/lint/floors.js that
// ESLint holds each file to as well. Nothing is run: the imports are read with the TypeScript
// compiler. The checker is first tried on small trees written for the purpose, so that it is seen
// to fail, then run on this repository.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  architectureProblems,
  checkArchitecture,
  listSourceFiles,
  readSourceTree,
} from './lint/architectureCheck';
import { floors } from './lint/floors';

const root = join(import.meta.dirname, '..');

const fixtures: string[] = [];
after(() => {
  for (const folder of fixtures) rmSync(folder, { recursive: true, force: true });
});

/** A repository of the given files (path → text) in a temporary folder. */
function fixtureTree(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'busker-architecture-'));
  fixtures.push(folder);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  return folder;
}

const linesOf = (count: number) =>
  Array.from({ length: count }, (_, index) => `export const line${index} = ${index};\n`).join('');

describe('the architecture checker fails where it should', () => {
  test('a runtime import cycle is reported with its files, the imports that close it and the rule', () => {
    const tree = fixtureTree({
      'core/library/trackRepo.ts':
        "import { playlists } from './playlists';\nexport const tracks = playlists;\n",
      'core/library/playlists.ts':
        "import { tracks } from './trackRepo';\nexport const playlists = tracks;\n",
      'core/library/apart.ts': 'export const apart = 1;\n',
    });
    const { cycles, floors: floorErrors, lengths } = checkArchitecture(tree, floors);
    assert.deepEqual(floorErrors, []);
    assert.deepEqual(lengths, []);
    assert.equal(cycles.length, 1);
    assert.match(
      cycles[0]!,
      /^Import cycle: core\/library\/playlists\.ts imports '\.\/trackRepo' \(line 1\); /,
    );
    assert.match(cycles[0]!, /core\/library\/trackRepo\.ts imports '\.\/playlists' \(line 1\); back to/);
    assert.match(cycles[0]!, /Runtime imports may not go round in a circle/);
  });

  test('a cycle closed by import(), require or export ... from is a runtime cycle too', () => {
    const tree = fixtureTree({
      'core/a.ts': "export { b } from './b';\nexport const a = 1;\n",
      'core/b.ts': "export const b = () => import('./c');\n",
      'core/c.js': "const { a } = require('./a.js');\nmodule.exports = a;\n",
    });
    const [cycle, ...more] = checkArchitecture(tree, floors).cycles;
    assert.deepEqual(more, []);
    assert.match(
      cycle!,
      /core\/a\.ts imports '\.\/b'.*core\/b\.ts imports '\.\/c'.*core\/c\.js imports '\.\/a\.js'/,
    );
  });

  test('a circle of type-only imports is no cycle: `import type` and `export type` vanish when compiled', () => {
    const tree = fixtureTree({
      'renderer/store/storeTypes.ts':
        "import type { PlayerSlice } from './playerSlice';\nexport type { UiSlice } from './uiSlice';\nexport type AppState = PlayerSlice;\n",
      'renderer/store/playerSlice.ts':
        "import type { AppState } from './storeTypes';\nexport type PlayerSlice = { state?: AppState };\n",
      'renderer/store/uiSlice.ts':
        "import type { AppState } from './storeTypes';\nexport type UiSlice = AppState;\n",
    });
    assert.deepEqual(checkArchitecture(tree, floors).cycles, []);
  });

  test('specifiers each marked `type` still load their module (verbatimModuleSyntax keeps `import {}`)', () => {
    const tree = fixtureTree({
      'core/a.ts': "import { type B } from './b';\nexport type A = B;\nexport const a = 1;\n",
      'core/b.ts': "import { a } from './a';\nexport type B = typeof a;\n",
    });
    assert.equal(checkArchitecture(tree, floors).cycles.length, 1);
  });

  test('relative imports are resolved to .ts, .tsx, .js written for .ts, and index files', () => {
    const tree = fixtureTree({
      'renderer/App.tsx': "import { store } from './store';\nexport const App = store;\n",
      'renderer/store/index.ts': "import { View } from '../View.js';\nexport const store = View;\n",
      'renderer/View.tsx': "import { App } from './App';\nexport const View = App;\n",
    });
    const files = readSourceTree(tree);
    const targets = files.flatMap((file) => file.imports.map((item) => item.file));
    assert.deepEqual(targets, ['renderer/store/index.ts', 'renderer/App.tsx', 'renderer/View.tsx']);
    assert.equal(checkArchitecture(tree, floors).cycles.length, 1);
  });

  test('an import up the floors is reported with the file, the import, where it leads and what is allowed', () => {
    const tree = fixtureTree({
      'protocol/envelope.ts':
        "import { AppError } from '../core/errors';\nexport const envelope = AppError;\n",
      'core/errors.ts': 'export class AppError extends Error {}\n',
      'testkit/rig/streamTrack.ts':
        "import { loadCommandNetwork } from '../../cli/networkOption';\nexport const load = loadCommandNetwork;\n",
      'cli/networkOption.ts': 'export const loadCommandNetwork = 1;\n',
    });
    const problems = checkArchitecture(tree, floors).floors;
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.equal(
      problems[0],
      "protocol/envelope.ts (on protocol/) has an import of '../core/errors' (line 1) that leads to core/errors.ts, " +
        'against the floor order: protocol/ may import only base/, protocol/. Move what it needs down a floor, ' +
        'or pass it in from above.',
    );
    assert.match(
      problems[1]!,
      /^testkit\/rig\/streamTrack\.ts \(on testkit\/\) has an import of '\.\.\/\.\.\/cli\/networkOption'/,
    );
  });

  test('core/ and the app never import devnet/ or testkit/; their tests and tooling may', () => {
    const uses = (specifier: string) => `import { thing } from '${specifier}';\nexport const used = thing;\n`;
    const tree = fixtureTree({
      'core/chain/catalogueSync.ts': uses('../../devnet/anvilProcess'),
      'main/main.ts': uses('../testkit/audioFixtures'),
      'core/chain/catalogueSync.test.ts': uses('../../devnet/anvilProcess'),
      'keyserver/testing/keyServerHarness.ts': uses('../../testkit/contractFixture'),
      'keyserver/app.ts': uses('../testkit/contractFixture'),
    });
    const problems = checkArchitecture(tree, floors).floors;
    assert.deepEqual(
      problems.map((problem) => problem.split(' ')[0]),
      ['core/chain/catalogueSync.ts', 'keyserver/app.ts', 'main/main.ts'],
    );
  });

  test('code that is not a test never runs a test helper, even one in its own folder', () => {
    const tree = fixtureTree({
      'core/publish/testing/publishTestbed.ts': 'export const testbed = 1;\n',
      'core/publish/publisher.ts':
        "import { testbed } from './testing/publishTestbed';\nexport const publisher = testbed;\n",
      'core/publish/publisher.test.ts':
        "import { testbed } from './testing/publishTestbed';\nexport const check = testbed;\n",
      'core/publish/publishJob.ts':
        "import type { testbed } from './testing/publishTestbed';\nexport type Job = typeof testbed;\n",
    });
    assert.deepEqual(checkArchitecture(tree, floors).floors, [
      "core/publish/publisher.ts (on core/) imports './testing/publishTestbed' (line 1), which stands on " +
        'core/ tests: code that is not a test may not run tests or their helpers. Move what it needs out of ' +
        'the test helper, into the code it tests.',
    ]);
  });

  test('the renderer takes from core/ only the API contract as types and its method list', () => {
    const tree = fixtureTree({
      'renderer/bridge/bridgeTypes.ts':
        "import type { AppApi } from '../../core/api/appApi';\nexport type Bridge = AppApi;\n",
      'renderer/bridge/httpBridge.ts':
        "import { marketMethods } from '../../core/api/appMethods';\nexport const m = marketMethods;\n",
      'renderer/logic/tipChart.ts':
        "import { AppApi } from '../../core/api/appApi';\nexport const api = AppApi;\n",
      'renderer/logic/wallet.ts':
        "import type { WalletSummary } from '../../core/wallet/walletSummary';\nexport type W = WalletSummary;\n",
    });
    const problems = checkArchitecture(tree, floors).floors;
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(
      problems[0]!,
      /^renderer\/logic\/tipChart\.ts .* an import of '\.\.\/\.\.\/core\/api\/appApi'/,
    );
    assert.match(problems[0]!, /core\/api\/appMethods, core\/api\/appApi \(as types\)/);
    assert.match(problems[1]!, /^renderer\/logic\/wallet\.ts .* a type-only import of/);
  });

  test('a folder nobody listed is forbidden: its files stand on no floor, and no floor may import it', () => {
    const tree = fixtureTree({
      'seeds/seedList.ts': 'export const seeds = [];\n',
      'protocol/networkFile.ts': "import { seeds } from '../seeds/seedList';\nexport const file = seeds;\n",
    });
    const problems = checkArchitecture(tree, floors).floors;
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems[0]!, /^protocol\/networkFile\.ts .* leads to seeds\/seedList\.ts/);
    assert.match(
      problems[1]!,
      /^seeds\/seedList\.ts stands on no floor: list its folder in scripts\/lint\/floors\.js/,
    );
  });

  test('a source file of 401 lines is reported; one of 400 lines, a test and an e2e spec are not', () => {
    const tree = fixtureTree({
      'core/library/trackQueries.ts': linesOf(401),
      'core/library/trackRepo.ts': linesOf(400),
      'core/library/trackRepo.test.ts': linesOf(900),
      'renderer/components/TrackList.test.tsx': linesOf(900),
      'e2e/albumPages.e2e.ts': linesOf(900),
      'keyserver/testing/keyServerApiSuite.ts': linesOf(814),
    });
    assert.deepEqual(checkArchitecture(tree, floors).lengths, [
      'core/library/trackQueries.ts has 401 lines, over the 400 a source file may have (tests aside): split it ' +
        'into files named for what they hold.',
      'keyserver/testing/keyServerApiSuite.ts has 814 lines, over the 400 a source file may have (tests aside): ' +
        'split it into files named for what they hold.',
    ]);
  });

  test('installed packages, build output and generated code are not read', () => {
    const tree = fixtureTree({
      'core/a.ts': 'export const a = 1;\n',
      'node_modules/zod/index.js': linesOf(500),
      'dist/cli/busker.js': linesOf(500),
      'contracts/build/Artist.js': linesOf(500),
      'protocol/generated/artist.ts': linesOf(500),
      '.test-results/x.js': linesOf(500),
    });
    assert.deepEqual(listSourceFiles(tree), ['core/a.ts']);
  });
});

describe('this repository', () => {
  const files = readSourceTree(root);
  const problems = architectureProblems(files, floors);

  test('every folder of the source is read: base, protocol, core, keyserver, seed, devnet, testkit, cli, main, preload, renderer, bench, e2e, scripts', () => {
    const read = new Set(files.map((file) => file.path.split('/')[0]));
    for (const folder of [
      'base',
      'protocol',
      'core',
      'keyserver',
      'seed',
      'devnet',
      'testkit',
      'cli',
      'main',
      'preload',
      'renderer',
      'bench',
      'e2e',
      'scripts',
    ]) {
      assert.ok(read.has(folder), `no source file of ${folder}/ was read`);
    }
  });

  test('has no runtime import cycle', () => {
    assert.deepEqual(problems.cycles, []);
  });

  test('every source file stands on a floor', () => {
    assert.deepEqual(
      problems.floors.filter((problem) => problem.includes('stands on no floor')),
      [],
    );
  });

  // One test per floor, named for what the floor is for.
  for (const floor of floors) {
    test(`${floor.floor}, ${floor.purpose}, imports only what it may`, () => {
      assert.deepEqual(
        problems.floors.filter((problem) => problem.includes(`(on ${floor.floor})`)),
        [],
      );
    });
  }

  test('has no source file over 400 lines, tests aside', () => {
    assert.deepEqual(problems.lengths, []);
  });
});
