import type { Provider } from 'ethers';
import { getAddress } from 'ethers';
import { developmentChainId } from './developmentAccounts';

export interface WalletSummary {
  address: string;
  balanceWei: bigint;
  chainId: number;
  /** ethers' name for the chain ("mainnet", "sepolia"), "local development network" on 31337. */
  networkName: string;
}

/** The address's balance and the network it is on, as the provider sees them now. */
export async function walletSummary(provider: Provider, address: string): Promise<WalletSummary> {
  const checksummed = getAddress(address);
  const [network, balanceWei] = await Promise.all([provider.getNetwork(), provider.getBalance(checksummed)]);
  return {
    address: checksummed,
    balanceWei,
    chainId: Number(network.chainId),
    networkName: networkName(network.chainId, network.name),
  };
}

function networkName(chainId: bigint, ethersName: string): string {
  if (ethersName !== 'unknown' && ethersName !== '') return ethersName;
  return chainId === BigInt(developmentChainId) ? 'local development network' : `chain ${chainId}`;
}
