// The key server's HTTP API (PROTOCOL.md §5) against a real anvil, the real contracts and a real
// server on 127.0.0.1, once per storage backend: the happy path, every refusal provoked for real,
// restarts, a stolen database, rate limits, shutdown, and logs that never hold a secret. The parts
// run in this order on one server: each may rely on the keys, tips and logs of those before it.
import { describe } from 'node:test';
import { depositApiTests } from './depositApiTests';
import { keyServerApiWorld } from './keyServerApiWorld';
import { rateLimitTests } from './rateLimitTests';
import { requestCheckTests } from './requestCheckTests';
import { serverLifecycleTests } from './serverLifecycleTests';
import { serviceRouteTests } from './serviceRouteTests';
import type { TestBackend } from './testDatabases';
import { unlockApiTests } from './unlockApiTests';

export function describeKeyServerApi(backendName: TestBackend['name']): void {
  describe(`key server API on ${backendName}`, () => {
    const api = keyServerApiWorld(backendName);
    depositApiTests(api);
    unlockApiTests(api);
    requestCheckTests(api);
    rateLimitTests(api);
    serviceRouteTests(api);
    // Last: it restarts the server and reads every log line the parts above produced.
    serverLifecycleTests(api);
  });
}
