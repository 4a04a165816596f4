/**
 * Checks a custom network before it is saved: the RPC answers with a chain id, the factory
 * address holds a contract there, and the key server serves the same chain and factory.
 */
import { getAddress } from 'ethers';
import type { CustomNetworkInput } from '../api/marketApi';
import { createProvider } from '../../protocol/rpcProvider';
import { AppError } from '../errors';
import { KeyServerClient, KeyServerRequestError } from '../unlock/keyServerClient';
import type { CustomNetwork } from './marketSettings';

const CHECK_TIMEOUT_MS = 5_000;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within 5 seconds`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function validateCustomNetwork(input: CustomNetworkInput): Promise<CustomNetwork> {
  const factory = getAddress(input.factory);
  const provider = createProvider(input.rpcUrl);
  let chainId: number;
  try {
    try {
      chainId = Number(await withTimeout(provider.send('eth_chainId', []), 'The node'));
    } catch {
      throw new AppError(
        'NETWORK_UNREACHABLE',
        `No Ethereum node answers at ${input.rpcUrl}. Check the RPC address and that the node is running.`,
      );
    }
    let code: string;
    try {
      code = await withTimeout(provider.getCode(factory), 'The node');
    } catch {
      throw new AppError('NETWORK_UNREACHABLE', `The node at ${input.rpcUrl} stopped answering. Try again.`);
    }
    if (code === '0x') {
      throw new AppError(
        'NETWORK_INVALID',
        `There is no contract at ${factory} on chain ${chainId}. Check the factory address for this network.`,
      );
    }
  } finally {
    provider.destroy();
  }
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
