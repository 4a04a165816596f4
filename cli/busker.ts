/**
 * `busker`: the command line. Built into dist/cli/busker.js (run by bin/busker.js). This entry
 * only turns on Node's compile cache before the CLI (cliMain.ts) loads, so the code each command
 * loads is compiled once, not at every start. A cache folder that cannot be written leaves the
 * cache off, and nothing else.
 */
import { enableCompileCache } from 'node:module';
import { join } from 'node:path';
import { defaultCacheDir } from '../base/dataDir';

enableCompileCache(join(defaultCacheDir(), 'compile-cache'));
await import('./cliMain');
