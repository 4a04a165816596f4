// Typed ethers v6 bindings for the protocol's contracts (PROTOCOL.md §3). The ABIs and method
// types are generated from contracts/ by scripts/compileContracts.mjs into ./generated/.
import { Contract, Interface } from 'ethers';
import type { ContractRunner } from 'ethers';
import { artistAbi } from './generated/artist';
import type { ArtistContract, ArtistErrorArgs, ArtistEventArgs } from './generated/artist';
import { artistFactoryAbi } from './generated/artistFactory';
import type { ArtistFactoryContract, ArtistFactoryEventArgs } from './generated/artistFactory';

export { artistAbi, artistBytecode } from './generated/artist';
export { artistFactoryAbi, artistFactoryBytecode } from './generated/artistFactory';
export type { ArtistContract, ArtistErrorArgs, ArtistEventArgs, ArtistTrackResult } from './generated/artist';
export type { ArtistFactoryContract, ArtistFactoryEventArgs } from './generated/artistFactory';

/** A decoded log or revert: its name and its arguments as a plain object. */
export type Decoded<ArgsByName> = {
  [Name in keyof ArgsByName]: { name: Name; args: ArgsByName[Name] };
}[keyof ArgsByName];

export type ArtistEvent = Decoded<ArtistEventArgs>;
export type ArtistFactoryEvent = Decoded<ArtistFactoryEventArgs>;
export type ArtistError = Decoded<ArtistErrorArgs>;

export const artistInterface = new Interface(artistAbi);
export const artistFactoryInterface = new Interface(artistFactoryAbi);

/** The `Artist` contract at `address`, sending through `runner` (a signer) or reading (a provider). */
export function connectArtist(address: string, runner: ContractRunner | null): ArtistContract {
  return new Contract(address, artistInterface, runner) as unknown as ArtistContract;
}

/** The `ArtistFactory` at `address`. */
export function connectFactory(address: string, runner: ContractRunner | null): ArtistFactoryContract {
  return new Contract(address, artistFactoryInterface, runner) as unknown as ArtistFactoryContract;
}

interface RawLog {
  topics: readonly string[];
  data: string;
}

/** Decodes an `Artist` log, or gives null for a log this ABI does not know. */
export function parseArtistLog(log: RawLog): ArtistEvent | null {
  return decodeLog<ArtistEvent>(artistInterface, log);
}

/** Decodes an `ArtistFactory` log, or gives null for a log this ABI does not know. */
export function parseFactoryLog(log: RawLog): ArtistFactoryEvent | null {
  return decodeLog<ArtistFactoryEvent>(artistFactoryInterface, log);
}

/**
 * Decodes the custom error an `Artist` call reverted with, from revert data (`0x…`) or from the
 * error ethers threw; null when it is not one of the contract's errors.
 */
export function parseArtistError(revert: unknown): ArtistError | null {
  const data = revertData(revert);
  if (data === null) return null;
  try {
    const parsed = artistInterface.parseError(data);
    return parsed ? ({ name: parsed.name, args: parsed.args.toObject() } as ArtistError) : null;
  } catch {
    return null;
  }
}

function decodeLog<Event>(contractInterface: Interface, log: RawLog): Event | null {
  try {
    const parsed = contractInterface.parseLog({ topics: [...log.topics], data: log.data });
    return parsed ? ({ name: parsed.name, args: parsed.args.toObject() } as Event) : null;
  } catch {
    return null;
  }
}

function revertData(revert: unknown): string | null {
  if (typeof revert === 'string') return revert.startsWith('0x') ? revert : null;
  if (typeof revert === 'object' && revert !== null && 'data' in revert) {
    const { data } = revert as { data: unknown };
    if (typeof data === 'string' && data.startsWith('0x')) return data;
  }
  return null;
}
