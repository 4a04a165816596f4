// Anvil's ten funded accounts, offered on the local development network only: their keys are
// public, so anything they hold on a real chain is taken within seconds.
import { anvilAccounts } from '../chain/anvilProcess';
import { developmentChainId } from './developmentChain';

export { developmentChainId };

export interface DevelopmentAccount {
  /** The account's index under anvil's mnemonic (m/44'/60'/0'/0/index). */
  index: number;
  address: string;
  privateKey: string;
}

/** Anvil's accounts 0-9 on chain 31337; none on any other chain. */
export function developmentAccounts(chainId: number | bigint): DevelopmentAccount[] {
  if (BigInt(chainId) !== BigInt(developmentChainId)) return [];
  return anvilAccounts().map((account, index) => ({ index, ...account }));
}
