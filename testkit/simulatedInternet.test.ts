// The simulated internet holds what home networks hold: a home reaches public hosts, which see its
// router's address, and nothing outside a home can open a connection into it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { buildSimulatedInternet, rigUnavailableReason } from './simulatedInternet';
import type { RigHost, SimulatedInternet } from './simulatedInternet';

const unavailable = rigUnavailableReason();
const port = 7400;

/** A TCP server in `host` that answers each connection with the address it came from. */
async function startWhoAmI(host: RigHost): Promise<ChildProcess> {
  const script = `
    const server = require('node:net').createServer((socket) => socket.end(socket.remoteAddress.replace('::ffff:', '')));
    server.listen(${port}, '0.0.0.0', () => console.log('listening'));`;
  const child = host.spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  assert.equal(line.toString().trim(), 'listening');
  return child;
}

/** Connects from `host` to address:port; resolves to what the server said, or why it failed. */
async function connectFrom(host: RigHost, address: string): Promise<string> {
  const script = `
    const socket = require('node:net').connect({ host: '${address}', port: ${port}, timeout: 1500 });
    let text = '';
    socket.on('data', (chunk) => (text += chunk));
    socket.on('end', () => console.log('answered ' + text));
    socket.on('timeout', () => { console.log('failed timeout'); socket.destroy(); });
    socket.on('error', (error) => console.log('failed ' + error.code));`;
  const child = host.spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await once(child, 'exit');
  return output.trim();
}

/** The rig's namespaces that still exist. */
function namespacesOf(rig: SimulatedInternet): string[] {
  const listed = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n');
  return rig.namespaces.filter((name) => listed.some((line) => line.split(' ')[0] === name));
}

describe('the simulated internet', { skip: unavailable ?? false }, () => {
  let rig: SimulatedInternet;
  before(async () => {
    rig = await buildSimulatedInternet({ publicHosts: ['hub'], homes: ['artist', 'listener'] });
  });
  after(() => rig?.close());

  test('a home reaches a public host, which sees the home router, not the home', async () => {
    const { hub, listener } = rig.hosts;
    await startWhoAmI(hub!);
    assert.equal(await connectFrom(listener!, hub!.address), `answered ${listener!.publicAddress}`);
    assert.notEqual(listener!.publicAddress, listener!.address);
  });

  test('nobody outside a home can open a connection into it', async () => {
    const { hub, artist, listener } = rig.hosts;
    await startWhoAmI(artist!);
    // The artist's own server answers inside the artist's home…
    assert.equal(await connectFrom(artist!, artist!.address), `answered ${artist!.address}`);
    // …but neither another home nor a public host reaches it, by its router or by its own address,
    // even a host that routes the home's addresses straight at its router.
    execFileSync('ip', [
      '-n',
      hub!.namespace,
      'route',
      'add',
      `${artist!.address}/32`,
      'via',
      artist!.publicAddress,
    ]);
    for (const from of [listener!, hub!]) {
      assert.match(await connectFrom(from, artist!.publicAddress), /^failed /);
      assert.match(await connectFrom(from, artist!.address), /^failed /);
    }
  });
});

describe('the simulated internet cleans up', { skip: unavailable ?? false }, () => {
  test('close stops every process by its PID and removes every namespace', async (t) => {
    const rig = await buildSimulatedInternet({ publicHosts: ['hub'], homes: ['home'] });
    t.after(() => rig.close());
    const server = await startWhoAmI(rig.hosts.home!);
    const stubborn = rig.hosts.hub!.spawn('sh', ['-c', 'trap "" TERM; sleep 60'], { stdio: 'ignore' });
    // The switch, the hub, and the home with its router.
    assert.equal(namespacesOf(rig).length, 4);
    await rig.close();
    assert.deepEqual(namespacesOf(rig), []);
    for (const child of [server, stubborn]) {
      assert.ok(child.exitCode !== null || child.signalCode !== null, `process ${child.pid} still runs`);
    }
    await rig.close();
  });
});

test('the simulated internet says why it cannot run', { skip: unavailable === null }, () => {
  assert.match(unavailable ?? '', /root|Linux|installed/);
});
