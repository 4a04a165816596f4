// `npm start`: builds, then runs Busker in Electron when a binary is here, otherwise the
// headless host (the same app in a browser). Extra arguments go to whichever runs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const extraArgs = process.argv.slice(2);

const build = spawnSync(process.execPath, [join(projectDir, 'scripts/build.mjs')], {
  cwd: projectDir,
  stdio: 'inherit',
});
if (build.status !== 0) {
  console.error('The build failed (see above); not starting Busker.');
  process.exit(build.status ?? 1);
}

const electron = findElectronBinary();
if (electron.path !== null) {
  console.log(`Starting Busker in Electron (${electron.path})`);
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // set, it would make Electron behave as plain Node
  run(electron.path, ['.', ...extraArgs], env);
} else {
  if (electron.note) console.log(electron.note);
  console.log('Electron is not available on this machine; starting the headless host instead.');
  console.log(
    '(For the desktop app, fetch Electron once with `npx install-electron`, then `npm start` again.)',
  );
  console.log('It prints the address to open in your browser (a loopback URL with a secret token).');
  run(process.execPath, [join(projectDir, 'dist/cli/busker.js'), 'serve', ...extraArgs], process.env);
}

/**
 * ELECTRON_PATH, else the binary the `electron` package has already downloaded. Never
 * `require('electron')`: when the binary is missing that call tries to download it, and
 * nothing may download at run time here.
 */
function findElectronBinary() {
  const fromEnv = process.env.ELECTRON_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return { path: fromEnv, note: null };
    return { path: null, note: `ELECTRON_PATH is set to ${fromEnv}, but there is no file there.` };
  }
  try {
    const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(packageDir, 'path.txt');
    if (!existsSync(pathFile)) return { path: null, note: null };
    const relative = readFileSync(pathFile, 'utf8').trim();
    const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
    const binary = join(distDir, relative);
    return existsSync(binary) ? { path: binary, note: null } : { path: null, note: null };
  } catch {
    return { path: null, note: null };
  }
}

/** Runs the child to completion: signals are forwarded, its exit code becomes ours. */
function run(command, args, env) {
  const child = spawn(command, args, { cwd: projectDir, env, stdio: 'inherit' });

  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);

  child.on('error', (error) => {
    console.error(`Could not start ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal !== null) process.exit(128 + (constants.signals[signal] ?? 0));
    process.exit(code ?? 1);
  });
}
