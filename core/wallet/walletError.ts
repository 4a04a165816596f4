export type WalletErrorCode =
  | 'NO_WALLET'
  | 'WALLET_EXISTS'
  | 'WRONG_PASSPHRASE'
  | 'EMPTY_PASSPHRASE'
  | 'WEAK_PASSPHRASE'
  | 'DAMAGED'
  | 'BAD_MNEMONIC'
  | 'BAD_PRIVATE_KEY'
  | 'NO_MNEMONIC'
  | 'NOT_A_DEVELOPMENT_NETWORK'
  /** The desktop app's data folder: its secret is sealed by the keychain a command cannot ask. */
  | 'SEALED_BY_KEYCHAIN';

/** A wallet problem meant for the user: `message` says what happened and what to do. */
export class WalletError extends Error {
  constructor(
    readonly code: WalletErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WalletError';
  }
}
