// Run inside the rig's public host: waits for the anvil there, deploys the ArtistFactory with
// anvil's first account and writes { factory, factoryBlock } as JSON to the file it is given.
import { writeFile } from 'node:fs/promises';
import { Wallet } from 'ethers';
import { anvilAccounts } from '../../core/wallet/developmentAccounts';
import { deployFactory } from '../../devnet/deploy';
import { createProvider } from '../../protocol/rpcProvider';

const [rpcUrl, outFile] = process.argv.slice(2);
if (!rpcUrl || !outFile) throw new Error('usage: deployFactory <rpcUrl> <outFile>');
const provider = createProvider(rpcUrl, { chainId: 31337 });
for (let attempt = 0; ; attempt += 1) {
  try {
    await provider.getBlockNumber();
    break;
  } catch (error) {
    if (attempt > 100) throw error;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
const deployer = anvilAccounts()[0];
if (!deployer) throw new Error('no anvil account');
const deployment = await deployFactory(new Wallet(deployer.privateKey, provider));
await writeFile(
  outFile,
  JSON.stringify({ factory: deployment.factory, factoryBlock: deployment.blockNumber }),
);
provider.destroy();
