// A seed's settings for tests and benches on the contract fixture's chain.
import type { SeedConfig } from '../seedServer';
import { defaultSeedSettings } from '../seedServer';
import type { ContractFixture } from '../../testkit/contractFixture';

/**
 * On loopback with a free HTTP port, quiet, and following the catalogue only when the test says
 * (`syncNow`), not on a timer; `overrides` for the rest (a pin token, limits).
 */
export function testSeedConfig(
  fixture: ContractFixture,
  dataDir: string,
  overrides: Partial<SeedConfig> = {},
): SeedConfig {
  return {
    ...defaultSeedSettings,
    dataDir,
    network: {
      chainId: 31337,
      rpcUrl: fixture.node.rpcUrl,
      factory: fixture.deployment.factory,
      factoryBlock: 0,
    },
    listen: ['/ip4/127.0.0.1/tcp/0'],
    httpPort: 0,
    followIntervalMs: 3_600_000,
    log: () => {},
    ...overrides,
  };
}
