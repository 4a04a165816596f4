/**
 * `npm run bench`: runs every `bench/*.bench.ts` in turn, each in its own process so one
 * benchmark's heap and caches do not colour the next. Benchmarks report; they never fail CI.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const benches = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts') && (!only || name.includes(only)))
  .sort();

for (const name of benches) {
  console.log(`\n== ${name}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, name)], { stdio: 'inherit' });
  if (result.status !== 0) console.log(`(${name} exited with ${result.status ?? result.signal})`);
}
