import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import Fastify from 'fastify';
import { loggerOptions, redactSecrets } from './logging';

function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const app = Fastify({ logger: loggerOptions({ level: 'info', destination }) });
  return { log: app.log, lines };
}

test('a secret-named value is redacted in a log line, at the top and three levels down, in arrays too', () => {
  const { log, lines } = capturingLogger();
  const logged = {
    signature: 'SECRET-1',
    failure: { envelope: 'SECRET-2', detail: { contentKey: 'SECRET-3', kept: 'visible-3' } },
    request: {
      headers: { authorization: 'SECRET-4', cookie: 'SECRET-5', host: 'visible-4' },
      body: { a: 'SECRET-6' },
    },
    keys: [{ privateKey: 'SECRET-7' }, { masterKey: 'SECRET-8' }],
    code: 'visible-1',
  };
  const before = structuredClone(logged);
  log.info(logged, 'something');
  log.child({ reqId: 'req-1' }).warn({ body: 'SECRET-9', route: 'visible-2' }, 'from a request');
  const text = lines.join('');
  assert.equal(lines.length, 2);
  for (let secret = 1; secret <= 9; secret += 1) assert.doesNotMatch(text, new RegExp(`SECRET-${secret}`));
  for (const kept of ['visible-1', 'visible-2', 'visible-3', 'visible-4', 'req-1'])
    assert.match(text, new RegExp(kept));
  assert.equal(text.match(/\[redacted\]/g)?.length, 9);
  assert.deepEqual(logged, before, "the caller's object is left as it was");
});

test('an object without a secret-named key is logged as it is, not copied', () => {
  const line = { method: 'POST', route: '/v1/unlock', status: 200, code: 'ok', nested: { ms: 1.5 } };
  assert.equal(redactSecrets(line), line);
  // Deeper than three levels is not searched: log calls do not nest so deep.
  const deep = { a: { b: { c: { signature: 'x' } } } };
  assert.equal(redactSecrets(deep), deep);
});

/** A child process logging through the default destination (`bufferedLogDestination`) to its stdout. */
function loggingChild(afterLogging: string) {
  const logging = new URL('./logging.ts', import.meta.url).href;
  const source =
    `import Fastify from 'fastify'; import { loggerOptions } from ${JSON.stringify(logging)};\n` +
    `const app = Fastify({ logger: loggerOptions({ level: 'info' }) });\n` +
    `app.log.info({ route: '/v1/unlock' }, 'the last line');\n${afterLogging}`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', source], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  return { child, stdout: () => stdout, exited: once(child, 'exit') };
}

test('a line logged just before an uncaught error is written before the process dies', async () => {
  const { stdout, exited } = loggingChild("setImmediate(() => { throw new Error('crash'); });");
  const [code] = await exited;
  assert.equal(code, 1);
  assert.match(stdout(), /"msg":"the last line"/);
});

test('a line held in the buffer is written within a couple of seconds while the process runs on', async () => {
  const { child, stdout, exited } = loggingChild('setInterval(() => {}, 1000);');
  try {
    const started = Date.now();
    while (!stdout().includes('the last line') && Date.now() - started < 5000) await delay(50);
    assert.match(stdout(), /"msg":"the last line"/, 'the line reached standard output while the process ran');
    assert.equal(child.exitCode, null);
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
});
