/** `busker serve` (the built CLI) for the benchmarks: started, called over HTTP, stopped. */
import { spawn, spawnSync } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';

export interface Served {
  ms: number;
  pid: number;
  url: URL;
  token: string;
  agent: Agent;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `busker serve` and resolves once it printed its URL. */
export function startServe(cli: string, dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'serve', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BUSKER_NETWORK_FILE: join(dataDir, 'no-network.json'), ...env },
  });
  let stopping = false;
  const exited = new Promise((done) => child.once('exit', done));
  const agent = new Agent({ keepAlive: true });
  const stop = async () => {
    stopping = true;
    agent.destroy();
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolveServe, reject) => {
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(output);
      if (!match) return;
      const url = new URL(match[0]);
      resolveServe({
        ms: performance.now() - started,
        pid: child.pid ?? 0,
        url,
        token: url.searchParams.get('token') ?? '',
        agent,
        output: () => output.slice(-3000),
        stop,
      });
    });
    void exited.then((code) => {
      reject(new Error(`busker serve exited: ${output.slice(-2000)}`));
      if (!stopping) console.log(`busker serve exited by itself (${String(code)}): ${output.slice(-2000)}`);
    });
  });
}

/** Calls the app API over the serve's own keep-alive agent (a new serve may reuse an old port). */
export function callServe(serve: Served, method: string, args: unknown[]): Promise<unknown> {
  const body = JSON.stringify(args);
  return new Promise((resolveCall, reject) => {
    const request = httpRequest(
      new URL(`/api/call/${method}`, serve.url),
      {
        method: 'POST',
        agent: serve.agent,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          Authorization: `Bearer ${serve.token}`,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          const reply = JSON.parse(text) as { result?: unknown; error?: unknown };
          if (response.statusCode !== 200 || reply.error) {
            reject(new Error(`${method} failed: ${text.slice(0, 300)}`));
          } else resolveCall(reply.result);
        });
      },
    );
    request.on('error', (error) =>
      reject(
        new Error(
          `${method} at ${serve.url.host}: ${error.message}; serve said: ${serve.output()}; listening: ${spawnSync('ss', ['-ltnp']).stdout.toString()}`,
        ),
      ),
    );
    request.end(body);
  });
}

/** One search as the app's search box makes it: the songs page and the artist/album groups. */
export async function buskerSearch(serve: Served, text: string): Promise<number> {
  const [page] = await Promise.all([
    callServe(serve, 'listTracks', [{ text, offset: 0, limit: 100 }]),
    callServe(serve, 'searchLibrary', [text, { artists: 4, albums: 4, songs: 0 }]),
  ]);
  return (page as { total: number }).total;
}
