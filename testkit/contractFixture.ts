// A real anvil with the factory deployed, for contract tests and benchmarks: funded wallets,
// typed contracts and EVM snapshots so each test or property run starts from the same state.
import assert from 'node:assert/strict';
import { JsonRpcProvider, Wallet } from 'ethers';
import { startAnvil } from '../devnet/anvilProcess';
import type { AnvilNode } from '../devnet/anvilProcess';
import { connectArtist, connectFactory, parseArtistError, parseFactoryLog } from '../protocol/contracts';
import type { ArtistContract, ArtistError, ArtistFactoryContract } from '../protocol/contracts';
import { deployFactory } from '../devnet/deploy';
import type { FactoryDeployment } from '../devnet/deploy';

export interface ContractFixture {
  node: AnvilNode;
  provider: JsonRpcProvider;
  /** Anvil's ten funded dev accounts, connected to `provider`. */
  wallets: Wallet[];
  deployment: FactoryDeployment;
  factory: ArtistFactoryContract;
  /** Creates an artist contract owned by `owner` and returns it connected to `owner`. */
  createArtist(owner: Wallet, name?: string): Promise<ArtistContract>;
  /** Records the chain's state; `revert(id)` returns to it (each id works once). */
  snapshot(): Promise<string>;
  revert(snapshotId: string): Promise<void>;
  close(): Promise<void>;
}

export async function startContractFixture(): Promise<ContractFixture> {
  const node = await startAnvil();
  // No request cache (with automine a cached nonce or balance is already stale) and no 10 ms
  // batching stall per request.
  const provider = new JsonRpcProvider(node.rpcUrl, undefined, {
    staticNetwork: true,
    cacheTimeout: -1,
    batchMaxCount: 1,
  });
  try {
    const wallets = node.accounts.map((account) => new Wallet(account.privateKey, provider));
    const deployer = wallets[0];
    if (!deployer) throw new Error('anvil returned no accounts.');
    const deployment = await deployFactory(deployer);
    const factory = connectFactory(deployment.factory, deployer);

    const createArtist = async (owner: Wallet, name = 'Test Artist'): Promise<ArtistContract> => {
      const receipt = await (await factory.connect(owner).createArtist(name)).wait();
      for (const log of receipt?.logs ?? []) {
        const event = parseFactoryLog(log);
        if (event?.name === 'ArtistCreated') return connectArtist(event.args.artist, owner);
      }
      throw new Error('createArtist emitted no ArtistCreated event.');
    };
    const snapshot = async (): Promise<string> => String(await provider.send('evm_snapshot', []));
    const revert = async (snapshotId: string): Promise<void> => {
      const reverted: unknown = await provider.send('evm_revert', [snapshotId]);
      if (reverted !== true) throw new Error(`anvil could not revert to snapshot ${snapshotId}.`);
    };
    const close = async (): Promise<void> => {
      provider.destroy();
      await node.stop();
    };
    return { node, provider, wallets, deployment, factory, createArtist, snapshot, revert, close };
  } catch (error) {
    provider.destroy();
    await node.stop();
    throw error;
  }
}

/**
 * Asserts that `action` reverts with the `Artist` custom error `name` (and, if given, exactly
 * these arguments). Rejects with an assertion error for any other outcome.
 */
export async function assertRevertsWith(
  action: Promise<unknown>,
  name: ArtistError['name'],
  args?: Record<string, unknown>,
): Promise<void> {
  await assert.rejects(action, (error: unknown) => {
    const decoded = parseArtistError(error);
    assert.ok(decoded, `expected the custom error ${name}, got: ${String(error)}`);
    assert.equal(decoded.name, name);
    if (args) assert.deepEqual(decoded.args, args);
    return true;
  });
}
