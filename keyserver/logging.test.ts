import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
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
