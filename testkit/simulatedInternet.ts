/**
 * A simulated internet on one machine, for tests of what crosses real networks: public hosts on
 * one "internet" switch (TEST-NET-2, 198.51.100.0/24) and homes, each a host behind its own router
 * that masquerades (NAT) and drops every new connection from outside, as home routers do.
 *
 * Built from Linux network namespaces, veth pairs, a bridge and iptables; needs root. Nothing
 * leaves the namespaces: the internet switch has no link to the machine's own network. Every
 * process started in it is stopped by its PID and every namespace removed on `close()`, at the
 * test process's exit, and — for a run that was killed — by the next run (`sweepAbandonedRigs`).
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/** Namespaces are named `bsk<pid>-<run>-<role>`: the pid says whether the run that made them is alive. */
const namePattern = /^bsk(\d+)-[0-9a-f]+-/;
const internetPrefix = '198.51.100';
/** Every home's own network: the same addresses in each home, as behind real home routers. */
const homePrefix = '192.0.2';
/** How long `close()` lets a program end on SIGTERM before it is killed. */
const stopGraceMs = 3_000;

export interface RigHost {
  /** The role the test gave it: "keyserver", "artist", … */
  name: string;
  namespace: string;
  /** The host's own address: public for a public host, the home network's for a home. */
  address: string;
  /** The address the rest of the internet sees: the host's own, or its router's. */
  publicAddress: string;
  /** Starts a program inside this host; `close()` stops it by its PID if it is still running. */
  spawn(command: string, args: string[], options?: SpawnOptions): ChildProcess;
}

export interface SimulatedInternet {
  hosts: Record<string, RigHost>;
  /** Every namespace of the rig: the internet switch, the hosts and the home routers. */
  namespaces: readonly string[];
  /** Stops every process started in the rig (by PID), then removes every namespace. Safe twice. */
  close(): Promise<void>;
}

export interface RigPlan {
  /** Hosts with a public address, reachable by everyone. */
  publicHosts: string[];
  /** Hosts each in its own home, behind its own NAT router. */
  homes: string[];
}

/** Why this machine cannot build the rig, or null when it can. */
export function rigUnavailableReason(): string | null {
  if (process.platform !== 'linux') return 'network namespaces exist on Linux only';
  if (process.getuid?.() !== 0) return 'building network namespaces needs root';
  for (const tool of ['ip', 'iptables']) {
    try {
      execFileSync(tool, ['-V'], { stdio: 'ignore' });
    } catch {
      return `\`${tool}\` is not installed (Debian: apt-get install iproute2 iptables)`;
    }
  }
  return null;
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function inNamespace(namespace: string, command: string, ...args: string[]): void {
  execFileSync('ip', ['netns', 'exec', namespace, command, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function listNamespaces(): string[] {
  const text = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  return text
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.length > 0);
}

function pidsIn(namespace: string): number[] {
  try {
    const text = execFileSync('ip', ['netns', 'pids', namespace], { encoding: 'utf8' });
    return text
      .split(/\s+/)
      .filter(Boolean)
      .map(Number)
      .filter((pid) => Number.isInteger(pid) && pid > 0);
  } catch {
    return [];
  }
}

/** Kills what runs in a namespace and deletes it; never throws (cleanup must go on). */
function removeNamespace(namespace: string): void {
  for (const pid of pidsIn(namespace)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  try {
    ip('netns', 'del', namespace);
  } catch {
    // already gone
  }
}

/** Removes the namespaces of rigs whose test process died before it could clean up. */
export function sweepAbandonedRigs(): void {
  for (const namespace of listNamespaces()) {
    const match = namePattern.exec(namespace);
    if (match && !isAlive(Number(match[1]))) removeNamespace(namespace);
  }
}

function addLink(hostNamespace: string, hostDevice: string, peerNamespace: string, peerDevice: string): void {
  ip(
    'link',
    'add',
    hostDevice,
    'netns',
    hostNamespace,
    'type',
    'veth',
    'peer',
    'name',
    peerDevice,
    'netns',
    peerNamespace,
  );
  ip('-n', hostNamespace, 'link', 'set', hostDevice, 'up');
  ip('-n', peerNamespace, 'link', 'set', peerDevice, 'up');
}

export async function buildSimulatedInternet(plan: RigPlan): Promise<SimulatedInternet> {
  const unavailable = rigUnavailableReason();
  if (unavailable) throw new Error(`Cannot build the simulated internet: ${unavailable}.`);
  sweepAbandonedRigs();
  const run = `bsk${process.pid}-${randomBytes(2).toString('hex')}`;
  const namespaces: string[] = [];
  const children = new Set<ChildProcess>();
  const addNamespace = (role: string): string => {
    const namespace = `${run}-${role}`;
    ip('netns', 'add', namespace);
    namespaces.push(namespace);
    ip('-n', namespace, 'link', 'set', 'lo', 'up');
    return namespace;
  };

  let closed = false;
  const closeNow = (): void => {
    if (closed) return;
    closed = true;
    process.off('exit', closeNow);
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    for (const namespace of namespaces.reverse()) removeNamespace(namespace);
  };
  process.on('exit', closeNow);

  const makeHost = (name: string, namespace: string, address: string, publicAddress: string): RigHost => ({
    name,
    namespace,
    address,
    publicAddress,
    spawn(command, args, options = {}) {
      if (closed) throw new Error('The simulated internet is closed.');
      // `ip netns exec` execs the program itself, so the child's PID is the program's.
      const child = spawn('ip', ['netns', 'exec', namespace, command, ...args], options);
      children.add(child);
      child.once('exit', () => children.delete(child));
      return child;
    },
  });

  try {
    const internet = addNamespace('net');
    ip('-n', internet, 'link', 'add', 'switch', 'type', 'bridge');
    ip('-n', internet, 'link', 'set', 'switch', 'up');
    const plug = (namespace: string, device: string, port: string, address: string): void => {
      addLink(namespace, device, internet, port);
      ip('-n', internet, 'link', 'set', port, 'master', 'switch');
      ip('-n', namespace, 'addr', 'add', `${address}/24`, 'dev', device);
    };

    const hosts: Record<string, RigHost> = {};
    plan.publicHosts.forEach((name, index) => {
      const address = `${internetPrefix}.${10 + index}`;
      const namespace = addNamespace(`p${index}`);
      plug(namespace, 'eth0', `p${index}`, address);
      hosts[name] = makeHost(name, namespace, address, address);
    });
    plan.homes.forEach((name, index) => {
      const routerAddress = `${internetPrefix}.${100 + index}`;
      const router = addNamespace(`r${index}`);
      const home = addNamespace(`h${index}`);
      plug(router, 'wan', `r${index}`, routerAddress);
      addLink(router, 'lan', home, 'eth0');
      ip('-n', router, 'addr', 'add', `${homePrefix}.1/24`, 'dev', 'lan');
      ip('-n', home, 'addr', 'add', `${homePrefix}.10/24`, 'dev', 'eth0');
      ip('-n', home, 'route', 'add', 'default', 'via', `${homePrefix}.1`);
      inNamespace(router, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
      inNamespace(router, 'iptables', '-t', 'nat', '-A', 'POSTROUTING', '-o', 'wan', '-j', 'MASQUERADE');
      // Answers to what the home opened come back in; nothing the outside opens does.
      inNamespace(
        router,
        'iptables',
        '-A',
        'FORWARD',
        '-i',
        'wan',
        '-m',
        'conntrack',
        '--ctstate',
        'ESTABLISHED,RELATED',
        '-j',
        'ACCEPT',
      );
      inNamespace(router, 'iptables', '-A', 'FORWARD', '-i', 'wan', '-j', 'DROP');
      hosts[name] = makeHost(name, home, `${homePrefix}.10`, routerAddress);
    });
    return {
      hosts,
      namespaces: [...namespaces],
      close: async () => {
        // Asked first, then made: a program gets a moment to end cleanly, but none can hold up the test.
        const running = [...children].filter((child) => child.exitCode === null && child.signalCode === null);
        const exited = Promise.all(
          running.map((child) => new Promise((resolve) => child.once('exit', resolve))),
        );
        for (const child of running) child.kill('SIGTERM');
        await Promise.race([exited, sleep(stopGraceMs, undefined, { ref: false })]);
        closeNow();
        await exited;
      },
    };
  } catch (error) {
    closeNow();
    throw error;
  }
}
