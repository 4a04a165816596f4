// Recovering the public key behind a request's signature: libsecp256k1, as native code (the
// `secp256k1` package's prebuilt Node-API addon, ~60 µs a key) where the platform has it, else as
// WebAssembly (tiny-secp256k1, ~230 µs), so the key server runs on every platform Node does.
import { createRequire } from 'node:module';
import { recover as wasmRecover } from 'tiny-secp256k1';

/** The 65-byte uncompressed public key that signed `digest`; throws or gives null when none did. */
export type RecoverPublicKey = (
  digest: Uint8Array,
  compact: Uint8Array,
  recoveryId: 0 | 1,
) => Uint8Array | null;

interface NativeSecp256k1 {
  ecdsaRecover(
    signature: Uint8Array,
    recoveryId: number,
    digest: Uint8Array,
    compressed: boolean,
  ): Uint8Array;
}

export const wasmRecoverPublicKey: RecoverPublicKey = (digest, compact, recoveryId) =>
  wasmRecover(digest, compact, recoveryId, false);

/** The native addon's recovery, or null when this platform has no build of it. */
export function loadNativeRecoverPublicKey(): RecoverPublicKey | null {
  try {
    // `secp256k1/bindings` is the addon alone: the package's main entry would fall back to a slow
    // JavaScript curve without a word.
    const native = createRequire(import.meta.url)('secp256k1/bindings') as NativeSecp256k1;
    return (digest, compact, recoveryId) => native.ecdsaRecover(compact, recoveryId, digest, false);
  } catch {
    return null;
  }
}

const nativeRecoverPublicKey = loadNativeRecoverPublicKey();

/** Which build this process recovers with, for the key server's boot log. */
export const recoveryBackend = nativeRecoverPublicKey ? 'native' : 'WebAssembly';

export const recoverPublicKey: RecoverPublicKey = nativeRecoverPublicKey ?? wasmRecoverPublicKey;
