/**
 * Checks a network before it is saved: one of its RPC nodes answers with the chain id, the
 * factory address holds a contract there, and the key server serves the same chain and factory.
 * A custom network typed field by field and a network joined by its description both go through
 * `checkChain`.
 */
import { getAddress } from 'ethers';
import { withinDeadline } from '../../base/deadline';
import type { CustomNetworkInput } from '../api/marketApi';
import { createProvider } from '../../protocol/rpcProvider';
import { AppError } from '../errors';
import { KeyServerClient, KeyServerRequestError } from '../unlock/keyServerClient';
import type { CustomNetwork } from './marketSettings';

const CHECK_TIMEOUT_MS = 5_000;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  return withinDeadline(work, CHECK_TIMEOUT_MS, () => new Error(`${what} did not answer within 5 seconds`));
}

async function chainIdAt(rpcUrl: string): Promise<number | undefined> {
  const provider = createProvider(rpcUrl);
  try {
    return Number(await withTimeout(provider.send('eth_chainId', []), 'The node'));
  } catch {
    return undefined;
  } finally {
    provider.destroy();
  }
}

/**
 * The first of `rpcUrls` that answers, and its chain id; the factory must hold a contract there.
 * With `expectedChainId`, a node on another chain is refused (a description names its chain).
 */
export async function checkChain(
  rpcUrls: readonly string[],
  factoryAddress: string,
  expectedChainId?: number,
): Promise<{ rpcUrl: string; chainId: number }> {
  const factory = getAddress(factoryAddress);
  for (const rpcUrl of rpcUrls) {
    const chainId = await chainIdAt(rpcUrl);
    if (chainId === undefined) continue;
    if (expectedChainId !== undefined && chainId !== expectedChainId) {
      throw new AppError(
        'NETWORK_INVALID',
        `The Ethereum node at ${rpcUrl} is on chain ${chainId}, but the network says chain ${expectedChainId}. ` +
          "Tell the network's operator; nothing was saved.",
      );
    }
    const provider = createProvider(rpcUrl, { chainId });
    let code: string;
    try {
      code = await withTimeout(provider.getCode(factory), 'The node');
    } catch {
      throw new AppError('NETWORK_UNREACHABLE', `The node at ${rpcUrl} stopped answering. Try again.`);
    } finally {
      provider.destroy();
    }
    if (code === '0x') {
      throw new AppError(
        'NETWORK_INVALID',
        `There is no contract at ${factory} on chain ${chainId}. Check the factory address for this network.`,
      );
    }
    return { rpcUrl, chainId };
  }
  throw new AppError(
    'NETWORK_UNREACHABLE',
    rpcUrls.length === 1
      ? `No Ethereum node answers at ${rpcUrls[0]}. Check the RPC address and that the node is running.`
      : `None of the network's Ethereum nodes answers (${rpcUrls.join(', ')}). Check your connection and try again.`,
  );
}

export async function validateCustomNetwork(input: CustomNetworkInput): Promise<CustomNetwork> {
  const factory = getAddress(input.factory);
  const { chainId } = await checkChain([input.rpcUrl], factory);
  try {
    await withTimeout(new KeyServerClient(input.keyServerUrl, { chainId, factory }).info(), 'The key server');
  } catch (error) {
    if (error instanceof KeyServerRequestError && error.code === 'WRONG_NETWORK') {
      throw new AppError(
        'NETWORK_INVALID',
        `The key server at ${input.keyServerUrl} serves another chain or factory than chain ${chainId} and ` +
          `factory ${factory}. Use the key server of this network.`,
      );
    }
    throw new AppError(
      'NETWORK_UNREACHABLE',
      `No Busker key server answers at ${input.keyServerUrl}. Check its address and that it is running.`,
    );
  }
  return { rpcUrl: input.rpcUrl, chainId, factory, keyServerUrl: input.keyServerUrl };
}
