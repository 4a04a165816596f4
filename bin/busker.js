#!/usr/bin/env node
// The `busker` command: runs the built CLI (npm install builds it; `npm run build` rebuilds it).
// Kept to Node's built-ins so that it costs nothing: on Node 22 the CLI runs in this very process.
// An older `node` first on PATH (Busker needs 22: better-sqlite3 13 crashes on 20) hands over to
// the Node 22 that `npm install` brought (the `node` package), in one child process.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli/busker.js', import.meta.url);
if (!existsSync(cli)) {
  console.error(
    'Busker is not built yet. Run `npm install` (or `npm run build`) in the Busker folder first.',
  );
  process.exit(1);
}

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major > 22 || (major === 22 && minor >= 12)) {
  await import(cli.href);
} else {
  const node22 = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(node22)) {
    console.error(
      `Busker needs Node.js 22.12 or newer; this is ${process.version}. Run \`npm install\` in the Busker ` +
        'folder (it brings its own Node.js 22), or put Node.js 22 first on your PATH.',
    );
    process.exit(1);
  }
  const child = spawn(node22, [fileURLToPath(cli), ...process.argv.slice(2)], { stdio: 'inherit' });
  // Ctrl+C at the terminal reaches the child itself (one process group): this one only waits.
  // A SIGTERM or SIGHUP sent to this process alone is passed on.
  process.on('SIGINT', () => undefined);
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(`Busker could not start Node.js 22 at ${node22}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
  });
}
