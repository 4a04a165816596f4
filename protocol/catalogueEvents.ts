// The topic hashes catalogue sync filters logs by, from the generated contract ABIs.
import type { Interface } from 'ethers';
import { artistFactoryInterface, artistInterface } from './contracts';

function topicOf(contract: Interface, name: string): string {
  const event = contract.getEvent(name);
  if (!event) throw new Error(`The contract ABI has no event ${name}; rebuild protocol/generated.`);
  return event.topicHash;
}

export const catalogueTopics = {
  artistCreated: topicOf(artistFactoryInterface, 'ArtistCreated'),
  trackPublished: topicOf(artistInterface, 'TrackPublished'),
  priceChanged: topicOf(artistInterface, 'PriceChanged'),
  retired: topicOf(artistInterface, 'Retired'),
} as const;
