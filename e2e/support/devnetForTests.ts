// A test file's devnet with its key server, in a folder of its own (the network file at
// devnet/network.json): started before the file's tests; after them the browser session a test
// kept, the devnet and the folder go.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { startDevnet, type Devnet } from '../../devnet/devnet';
import { startDevnetKeyServer } from '../../keyserver/devnetKeyServer';
import type { E2eSession } from './browserSession';

export interface DevnetForTests {
  /** The folder (set in before()). */
  root: string;
  devnet: Devnet;
  /** The session a test opened, closed after the tests. */
  session: E2eSession | undefined;
}

export function devnetForTests(prefix: string): DevnetForTests {
  const setUp = { session: undefined } as DevnetForTests;
  before(async () => {
    setUp.root = await mkdtemp(join(tmpdir(), prefix));
    setUp.devnet = await startDevnet({
      networkFile: join(setUp.root, 'devnet', 'network.json'),
      keyServer: startDevnetKeyServer,
    });
  });
  after(async () => {
    await setUp.session?.close();
    await setUp.devnet?.stop();
    if (setUp.root) await rm(setUp.root, { recursive: true, force: true });
  });
  return setUp;
}
