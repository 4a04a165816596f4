/**
 * Gas for each Artist operation, the production path (an EIP-1167 clone made by ArtistFactory)
 * against a plain `new Artist(...)` per artist (PlainArtistFactory, bench only), measured on one
 * anvil in the same run. Clones are far cheaper to create; every later call pays a small
 * delegatecall overhead, and the table shows after how many calls that would catch up.
 */
import { ContractFactory, id, parseEther } from 'ethers';
import type { ContractTransactionResponse, Wallet } from 'ethers';
import { connectArtist, connectFactory, parseFactoryLog } from '../protocol/contracts';
import type { ArtistContract, ArtistFactoryContract } from '../protocol/contracts';
import { startContractFixture } from '../testkit/contractFixture';
import type { ContractFixture } from '../testkit/contractFixture';
import { artistFactoryBytecode } from '../protocol/generated/artistFactory';
import { plainArtistFactoryAbi, plainArtistFactoryBytecode } from '../protocol/generated/plainArtistFactory';
import { printTable } from './support/benchReport';

type Operation =
  | 'deploy factory (once per network)'
  | 'createArtist'
  | 'publishTrack (first)'
  | 'publishTrack (later)'
  | 'tip (new listener)'
  | 'tip (same listener again)'
  | 'setPrice'
  | 'withdraw';

interface Measurement {
  gas: Map<Operation, bigint>;
  artistCodeSize: number;
}

async function gasOf(sent: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await sent).wait();
  if (!receipt) throw new Error('No receipt.');
  return receipt.gasUsed;
}

async function measure(
  chain: ContractFixture,
  factory: ArtistFactoryContract,
  deployGas: bigint,
): Promise<Measurement> {
  const [, owner, firstListener, secondListener, recipient] = chain.wallets as Wallet[];
  if (!owner || !firstListener || !secondListener || !recipient)
    throw new Error('anvil gave too few accounts.');
  const gas = new Map<Operation, bigint>([['deploy factory (once per network)', deployGas]]);

  const created = await (await factory.connect(owner).createArtist('Bench Artist')).wait();
  if (!created) throw new Error('No receipt.');
  gas.set('createArtist', created.gasUsed);
  const event = created.logs
    .map((log) => parseFactoryLog(log))
    .find((parsed) => parsed?.name === 'ArtistCreated');
  if (event?.name !== 'ArtistCreated') throw new Error('createArtist emitted no ArtistCreated.');
  const artist: ArtistContract = connectArtist(event.args.artist, owner);

  const publish = (index: number) =>
    artist.publishTrack(
      `bafymetadata${index}`,
      `bafyaudio${index}`,
      id(`c${index}`),
      id(`k${index}`),
      parseEther('0.01'),
    );
  gas.set('publishTrack (first)', await gasOf(publish(0)));
  gas.set('publishTrack (later)', await gasOf(publish(1)));
  gas.set(
    'tip (new listener)',
    await gasOf(artist.connect(firstListener).tip(0n, { value: parseEther('0.01') })),
  );
  gas.set(
    'tip (same listener again)',
    await gasOf(artist.connect(firstListener).tip(0n, { value: parseEther('0.02') })),
  );
  await gasOf(artist.connect(secondListener).tip(1n, { value: parseEther('0.05') }));
  gas.set('setPrice', await gasOf(artist.setPrice(1n, parseEther('0.02'))));
  gas.set('withdraw', await gasOf(artist.withdraw(recipient.address)));

  const code = await chain.provider.getCode(event.args.artist);
  return { gas, artistCodeSize: (code.length - 2) / 2 };
}

async function main(): Promise<void> {
  const chain = await startContractFixture();
  try {
    const deployer = chain.wallets[0];
    if (!deployer) throw new Error('anvil gave no accounts.');
    // The fixture already deployed ArtistFactory; read its deployment's gas from the first block.
    const deployment = await chain.provider.getBlock(chain.deployment.blockNumber, true);
    const deployTx = deployment?.prefetchedTransactions.find((tx) => tx.to === null);
    const cloneDeployGas = deployTx ? ((await deployTx.wait())?.gasUsed ?? 0n) : 0n;
    const clone = await measure(chain, chain.factory, cloneDeployGas);

    const plainContract = await new ContractFactory(
      plainArtistFactoryAbi,
      plainArtistFactoryBytecode,
      deployer,
    ).deploy();
    const plainDeployGas = (await plainContract.deploymentTransaction()?.wait())?.gasUsed ?? 0n;
    // Same ABI shape for createArtist/isArtist, so the typed factory binding fits.
    const plainFactory = connectFactory(await plainContract.getAddress(), deployer);
    const plain = await measure(chain, plainFactory, plainDeployGas);

    const rows = [...clone.gas.keys()].map((operation) => {
      const cloneGas = clone.gas.get(operation) ?? 0n;
      const plainGas = plain.gas.get(operation) ?? 0n;
      return [
        operation,
        cloneGas.toLocaleString('en-US'),
        plainGas.toLocaleString('en-US'),
        (cloneGas - plainGas).toLocaleString('en-US'),
        plainGas === 0n ? 'n/a' : (Number(cloneGas) / Number(plainGas)).toFixed(3),
      ];
    });
    printTable(
      'Artist gas: minimal clone (production) vs. plain deployment',
      ['operation', 'clone', 'plain', 'clone − plain', 'clone / plain'],
      rows,
    );

    const saved = (plain.gas.get('createArtist') ?? 0n) - (clone.gas.get('createArtist') ?? 0n);
    const overhead =
      (clone.gas.get('tip (new listener)') ?? 0n) - (plain.gas.get('tip (new listener)') ?? 0n);
    console.log(
      `\nartist runtime code: clone ${clone.artistCodeSize} bytes, plain ${plain.artistCodeSize} bytes ` +
        `(ArtistFactory creation code ${(artistFactoryBytecode.length - 2) / 2} bytes)`,
    );
    if (overhead > 0n) {
      console.log(
        `createArtist saves ${saved.toLocaleString('en-US')} gas; at ${overhead} gas of delegatecall overhead per ` +
          `call, a clone costs more than a plain contract only after ${(saved / overhead).toLocaleString('en-US')} calls.`,
      );
    }
  } finally {
    await chain.close();
  }
}

await main();
