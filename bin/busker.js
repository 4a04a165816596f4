#!/usr/bin/env node
// The `busker` command: runs the built CLI (npm install builds it; `npm run build` rebuilds it).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli/busker.js', import.meta.url);
if (!existsSync(cli)) {
  console.error(
    'Busker is not built yet. Run `npm install` (or `npm run build`) in the Busker folder first.',
  );
  process.exit(1);
}
await import(cli.href);
