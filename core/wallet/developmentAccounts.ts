// Anvil's ten funded accounts, offered on the local development network only: their keys are
// public, so anything they hold on a real chain is taken within seconds.
import { HDNodeWallet } from 'ethers';
import { developmentChainId } from './developmentChain';

export { developmentChainId };

/** Anvil's default mnemonic: its ten accounts are the well-known, publicly known dev keys. */
export const anvilMnemonic = 'test test test test test test test test test test test junk';
export const developmentAccountCount = 10;

export interface AnvilAccount {
  address: string;
  privateKey: string;
}

let cachedAccounts: AnvilAccount[] | undefined;

/** The accounts anvil derives from its default mnemonic (m/44'/60'/0'/0/i). */
export function anvilAccounts(): AnvilAccount[] {
  if (!cachedAccounts) {
    const root = HDNodeWallet.fromPhrase(anvilMnemonic, undefined, "m/44'/60'/0'/0");
    cachedAccounts = Array.from({ length: developmentAccountCount }, (_, index) => {
      const wallet = root.deriveChild(index);
      return { address: wallet.address, privateKey: wallet.privateKey };
    });
  }
  return cachedAccounts.map((account) => ({ ...account }));
}

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
