// Deploys the one-per-network ArtistFactory (devnet, tests, benchmarks).
import { ContractFactory, getCreateAddress } from 'ethers';
import type { Signer } from 'ethers';
import { artistFactoryAbi, artistFactoryBytecode } from '../protocol/generated/artistFactory';

export interface FactoryDeployment {
  /** The ArtistFactory's address. */
  factory: string;
  /** The locked Artist implementation every artist contract clones. */
  implementation: string;
  /** The block that holds the deployment: catalogue sync starts scanning here. */
  blockNumber: number;
}

/** Deploys ArtistFactory from `signer` and waits for one confirmation. */
export async function deployFactory(signer: Signer): Promise<FactoryDeployment> {
  const contract = await new ContractFactory(artistFactoryAbi, artistFactoryBytecode, signer).deploy();
  const receipt = await contract.deploymentTransaction()?.wait();
  if (!receipt || receipt.status !== 1) throw new Error('The ArtistFactory deployment transaction failed.');
  const factory = await contract.getAddress();
  // The factory's constructor creates the implementation first, at its own nonce 1 (EIP-161).
  const implementation = getCreateAddress({ from: factory, nonce: 1 });
  return { factory, implementation, blockNumber: receipt.blockNumber };
}
