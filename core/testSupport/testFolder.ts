// A folder of its own for one test file: made before its tests run, removed after them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';

/** Registers the folder's hooks; the function returned names a path inside it (once they ran). */
export function testFolder(prefix: string): (name: string) => string {
  let folder: string | undefined;
  before(async () => {
    folder = await mkdtemp(join(tmpdir(), prefix));
  });
  after(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });
  return (name) => {
    if (folder === undefined) throw new Error('The test folder is made in before(): name paths in tests.');
    return join(folder, name);
  };
}
