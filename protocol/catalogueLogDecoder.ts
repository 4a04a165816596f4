// Decodes the catalogue's event logs straight from eth_getLogs JSON. ethers' Interface.parseLog
// re-hashes every event signature on each call and builds a coder per field: at 10,000 tracks that
// was most of a sync's time. These events have fixed layouts, read here with bounds checks; any
// log that does not fit its layout (or holds invalid UTF-8) decodes to undefined, never throws,
// so one hostile artist contract cannot stop the sync. catalogueLogDecoder.test.ts checks the
// results against ethers' own decoding.
import { getAddress } from 'ethers';
import { catalogueTopics } from './catalogueEvents';

/** A log as eth_getLogs returns it (hex quantities, lowercase addresses). */
export interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  logIndex: string;
  removed?: boolean;
}

export interface ArtistCreatedLog {
  owner: string;
  artist: string;
  name: string;
}

export type ArtistLog =
  | {
      kind: 'published';
      trackId: bigint;
      metadataCid: string;
      audioCid: string;
      contentHash: string;
      keyCommitment: string;
      price: bigint;
    }
  | { kind: 'priceChanged'; trackId: bigint; price: bigint }
  | { kind: 'retired'; trackId: bigint };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const hexWord = /^0x[0-9a-fA-F]{64}$/;

/** True when `value` has the fields the sync reads, with the right types. */
export function isRawLog(value: unknown): value is RawLog {
  if (typeof value !== 'object' || value === null) return false;
  const log = value as Record<string, unknown>;
  return (
    typeof log.address === 'string' &&
    Array.isArray(log.topics) &&
    log.topics.every((topic) => typeof topic === 'string') &&
    typeof log.data === 'string' &&
    typeof log.blockNumber === 'string' &&
    typeof log.blockHash === 'string' &&
    typeof log.logIndex === 'string'
  );
}

/** The ABI-encoded data of a log, as bytes, or undefined if it is not whole 32-byte words of hex. */
function dataBytes(data: string): Buffer | undefined {
  if (!data.startsWith('0x') || (data.length - 2) % 64 !== 0) return undefined;
  const bytes = Buffer.from(data.slice(2), 'hex');
  return bytes.length * 2 === data.length - 2 ? bytes : undefined;
}

function wordAt(bytes: Buffer, offset: number): bigint | undefined {
  if (offset + 32 > bytes.length) return undefined;
  return BigInt(`0x${bytes.toString('hex', offset, offset + 32)}`);
}

function bytes32At(bytes: Buffer, offset: number): string | undefined {
  if (offset + 32 > bytes.length) return undefined;
  return `0x${bytes.toString('hex', offset, offset + 32)}`;
}

/** A dynamic `string` whose head word is at `headOffset`; undefined when out of bounds or not UTF-8. */
function stringAt(bytes: Buffer, headOffset: number): string | undefined {
  const pointer = wordAt(bytes, headOffset);
  if (pointer === undefined || pointer > BigInt(bytes.length)) return undefined;
  const start = Number(pointer);
  const length = wordAt(bytes, start);
  if (length === undefined || length > BigInt(bytes.length - start - 32)) return undefined;
  try {
    return utf8.decode(bytes.subarray(start + 32, start + 32 + Number(length)));
  } catch {
    return undefined;
  }
}

function topicWord(topic: string | undefined): bigint | undefined {
  return topic !== undefined && hexWord.test(topic) ? BigInt(topic) : undefined;
}

function topicAddress(topic: string | undefined): string | undefined {
  const word = topicWord(topic);
  if (word === undefined || word >> 160n !== 0n) return undefined;
  return getAddress(`0x${word.toString(16).padStart(40, '0')}`);
}

/** `ArtistCreated(address indexed owner, address indexed artist, string name)`. */
export function decodeArtistCreated(log: RawLog): ArtistCreatedLog | undefined {
  if (log.topics.length !== 3 || log.topics[0] !== catalogueTopics.artistCreated) return undefined;
  const owner = topicAddress(log.topics[1]);
  const artist = topicAddress(log.topics[2]);
  const bytes = dataBytes(log.data);
  const name = bytes && stringAt(bytes, 0);
  if (owner === undefined || artist === undefined || name === undefined) return undefined;
  return { owner, artist, name };
}

/** `TrackPublished`, `PriceChanged` or `Retired`, each with `uint256 indexed trackId` first. */
export function decodeArtistLog(log: RawLog): ArtistLog | undefined {
  if (log.topics.length !== 2) return undefined;
  const trackId = topicWord(log.topics[1]);
  const bytes = dataBytes(log.data);
  if (trackId === undefined || bytes === undefined) return undefined;
  switch (log.topics[0]) {
    case catalogueTopics.trackPublished: {
      // (string metadataCid, string audioCid, bytes32 contentHash, bytes32 keyCommitment, uint256 price)
      const metadataCid = stringAt(bytes, 0);
      const audioCid = stringAt(bytes, 32);
      const contentHash = bytes32At(bytes, 64);
      const keyCommitment = bytes32At(bytes, 96);
      const price = wordAt(bytes, 128);
      if (
        metadataCid === undefined ||
        audioCid === undefined ||
        contentHash === undefined ||
        keyCommitment === undefined ||
        price === undefined
      ) {
        return undefined;
      }
      return { kind: 'published', trackId, metadataCid, audioCid, contentHash, keyCommitment, price };
    }
    case catalogueTopics.priceChanged: {
      const price = bytes.length === 32 ? wordAt(bytes, 0) : undefined;
      return price === undefined ? undefined : { kind: 'priceChanged', trackId, price };
    }
    case catalogueTopics.retired:
      return bytes.length === 0 ? { kind: 'retired', trackId } : undefined;
    default:
      return undefined;
  }
}
