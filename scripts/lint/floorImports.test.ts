// The floors' allow-list, run through ESLint's Node API with the repository's own configuration on
// small sources placed (in name only: they are linted as text, never written) inside each floor.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';

const root = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

/** The floor-rule messages ESLint reports for `source` as if it were the file `path`. */
async function floorProblems(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(root, path) });
  assert.ok(result, 'ESLint returned no result');
  assert.equal(
    result.warningCount,
    0,
    `${path} is ignored or warned about: ${JSON.stringify(result.messages)}`,
  );
  const unrelated = result.messages.filter((message) => message.ruleId !== 'busker/floor-imports');
  assert.deepEqual(unrelated, [], 'the fixture itself must be clean');
  return result.messages.map((message) => message.message);
}

const uses = (specifier: string) => `import { thing } from '${specifier}';\n\nexport const used = thing;\n`;

describe('the floors as an allow-list', () => {
  test('protocol/ may import base/, itself and npm packages', async () => {
    assert.deepEqual(await floorProblems('protocol/fixtureFloor.ts', uses('../base/untilAborted')), []);
    assert.deepEqual(await floorProblems('protocol/fixtureFloor.ts', uses('./envelope')), []);
    assert.deepEqual(await floorProblems('protocol/fixtureFloor.ts', uses('ethers')), []);
  });

  test('protocol/ importing core/ fails, naming the floor, what it may import and where the import leads', async () => {
    const problems = await floorProblems('protocol/fixtureFloor.ts', uses('../core/errors'));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^protocol\/ may import only base\/, protocol\/ and npm packages/);
    assert.match(problems[0]!, /"\.\.\/core\/errors" leads to core\/errors/);
  });

  test('a folder nobody listed is forbidden without any rule naming it', async () => {
    const problems = await floorProblems('protocol/generated/fixtureFloor.ts', uses('../../seeds/seedList'));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /leads to seeds\/seedList/);
  });

  test('base/ imports nothing above it, and npm packages only as types', async () => {
    assert.equal((await floorProblems('base/fixtureFloor.ts', uses('../protocol/envelope'))).length, 1);
    assert.equal((await floorProblems('base/fixtureFloor.ts', uses('zod'))).length, 1);
    assert.deepEqual(await floorProblems('base/fixtureFloor.ts', uses('node:path')), []);
    const typeOnly = "import type { Database } from 'better-sqlite3';\n\nexport type Handle = Database;\n";
    assert.deepEqual(await floorProblems('base/fixtureFloor.ts', typeOnly), []);
  });

  test('the key server imports base/ and protocol/, never the app', async () => {
    assert.deepEqual(
      await floorProblems('keyserver/routes/fixtureFloor.ts', uses('../../protocol/envelope')),
      [],
    );
    const problems = await floorProblems(
      'keyserver/routes/fixtureFloor.ts',
      uses('../../core/library/database'),
    );
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^keyserver\/ may import only base\/, protocol\/, keyserver\//);
    const dynamic = "export const load = () => import('../core/app/openBackend');\n";
    assert.equal((await floorProblems('keyserver/fixtureFloor.ts', dynamic)).length, 1);
    const reexport = "export { thing } from '../cli/busker';\n";
    assert.equal((await floorProblems('keyserver/fixtureFloor.ts', reexport)).length, 1);
  });

  test('testkit/ serves the key server tests and harness, never the key server itself', async () => {
    assert.deepEqual(
      await floorProblems('keyserver/fixtureFloor.test.ts', uses('../testkit/silentNode')),
      [],
    );
    assert.deepEqual(
      await floorProblems('keyserver/testing/fixtureFloor.ts', uses('../../testkit/silentNode')),
      [],
    );
    const problems = await floorProblems('keyserver/fixtureFloor.ts', uses('../testkit/silentNode'));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /leads to testkit\/silentNode/);
  });

  test('a seed imports base/, protocol/ and core/, never the key server, the CLI or the shell', async () => {
    assert.deepEqual(
      await floorProblems('seed/fixtureFloor.ts', uses('../core/storage/heliaContentStore')),
      [],
    );
    assert.deepEqual(await floorProblems('seed/fixtureFloor.ts', uses('../protocol/networkFile')), []);
    const problems = await floorProblems('seed/fixtureFloor.ts', uses('../keyserver/app'));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^seed\/ may import only base\/, protocol\/, core\/, seed\//);
    assert.equal((await floorProblems('seed/fixtureFloor.ts', uses('../cli/busker'))).length, 1);
    assert.equal(
      (await floorProblems('seed/fixtureFloor.ts', uses('../main/headless/headlessHost'))).length,
      1,
    );
  });

  test('a file on no floor is reported, naming the table to list its folder in', async () => {
    const problems = await floorProblems('seeds/fixtureFloor.ts', 'export const seeds = [];\n');
    assert.equal(problems.length, 1);
    assert.match(
      problems[0]!,
      /^seeds\/fixtureFloor\.ts stands on no floor: list its folder in scripts\/lint\/floors\.js/,
    );
  });

  test('a package import whose specifiers are each `type` still loads the package in base/', async () => {
    const inline = "import { type Database } from 'better-sqlite3';\n\nexport type Handle = Database;\n";
    assert.equal((await floorProblems('base/fixtureFloor.ts', inline)).length, 1);
  });

  test('the renderer takes the app API contract as types and its method list, nothing else of core/', async () => {
    const typeOnly = "import type { AppApi } from '../../core/api/appApi';\n\nexport type Api = AppApi;\n";
    assert.deepEqual(await floorProblems('renderer/bridge/fixtureFloor.ts', typeOnly), []);
    assert.deepEqual(
      await floorProblems('renderer/bridge/fixtureFloor.ts', uses('../../core/api/appMethods')),
      [],
    );
    const problems = await floorProblems('renderer/bridge/fixtureFloor.ts', uses('../../core/api/appApi'));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /core\/api\/appApi \(as types\)/);
    assert.equal(
      (await floorProblems('renderer/fixtureFloor.ts', uses('../core/app/openBackend'))).length,
      1,
    );
    assert.equal((await floorProblems('renderer/fixtureFloor.ts', uses('../main/ipc'))).length, 1);
  });

  test('the shell shares the IPC channel names with the preload; the preload imports no shell', async () => {
    assert.deepEqual(await floorProblems('main/fixtureFloor.ts', uses('../preload/ipcChannels')), []);
    assert.equal((await floorProblems('main/fixtureFloor.ts', uses('../preload/preloadBridge'))).length, 1);
    assert.equal((await floorProblems('preload/fixtureFloor.ts', uses('../main/ipc'))).length, 1);
  });

  test('code that is not a test never imports a test helper, even in its own folder; tests may', async () => {
    const helper = './testing/publishTestbed';
    const problems = await floorProblems('core/publish/fixtureFloor.ts', uses(helper));
    assert.equal(problems.length, 1);
    assert.match(
      problems[0]!,
      /^"\.\/testing\/publishTestbed" stands on core\/ tests: code that is not a test/,
    );
    assert.deepEqual(await floorProblems('core/publish/fixtureFloor.test.ts', uses(helper)), []);
    const typeOnly = `import type { Thing } from '${helper}';\n\nexport type Used = Thing;\n`;
    assert.deepEqual(await floorProblems('core/publish/fixtureFloor.ts', typeOnly), []);
  });

  test('the test kit and the development network serve tests and tooling, never the app', async () => {
    assert.equal(
      (await floorProblems('testkit/rig/fixtureFloor.ts', uses('../../cli/networkOption'))).length,
      1,
    );
    assert.equal((await floorProblems('main/fixtureFloor.ts', uses('../testkit/audioFixtures'))).length, 1);
    assert.equal(
      (await floorProblems('cli/commands/fixtureFloor.ts', uses('../../devnet/devnet'))).length,
      1,
    );
    assert.deepEqual(
      await floorProblems('cli/commands/fixtureFloor.test.ts', uses('../../devnet/devnet')),
      [],
    );
    assert.deepEqual(await floorProblems('bench/fixtureFloor.ts', uses('../testkit/audioFixtures')), []);
  });
});
