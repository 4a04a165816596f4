import type { CustomNetworkInput } from '../../core/api/appApi';
import { isAddress } from './address';

export type NetworkFormErrors = Partial<Record<keyof CustomNetworkInput, string>>;

function isHttpUrl(text: string, protocols: string[]): boolean {
  try {
    const url = new URL(text);
    return protocols.includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Checks a custom network before it is sent; the host checks again that the RPC answers. */
export function validateCustomNetwork(input: CustomNetworkInput): NetworkFormErrors {
  const errors: NetworkFormErrors = {};
  const rpcUrl = input.rpcUrl.trim();
  const factory = input.factory.trim();
  const keyServerUrl = input.keyServerUrl.trim();
  if (!rpcUrl) errors.rpcUrl = 'Enter the address of an Ethereum JSON-RPC endpoint.';
  else if (!isHttpUrl(rpcUrl, ['http:', 'https:', 'ws:', 'wss:'])) {
    errors.rpcUrl = 'The RPC URL must start with http://, https://, ws:// or wss://.';
  }
  if (!factory) errors.factory = 'Enter the address of the artist factory contract.';
  else if (!isAddress(factory))
    errors.factory = 'A contract address is 0x followed by 40 hexadecimal digits.';
  if (!keyServerUrl) errors.keyServerUrl = 'Enter the address of the key server.';
  else if (!isHttpUrl(keyServerUrl, ['http:', 'https:'])) {
    errors.keyServerUrl = 'The key server URL must start with http:// or https://.';
  }
  return errors;
}

export function trimmedNetwork(input: CustomNetworkInput): CustomNetworkInput {
  return {
    rpcUrl: input.rpcUrl.trim(),
    factory: input.factory.trim(),
    keyServerUrl: input.keyServerUrl.trim(),
  };
}
