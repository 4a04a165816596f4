/** Why a `BSK1` container was refused (PROTOCOL §1). */
export type Bsk1ErrorCode =
  /** The header is not a `BSK1` header this version reads. */
  | 'BAD_HEADER'
  /**
   * The container, or the bytes read from it, is not the size its header implies; or the
   * input to encryption is not as long as it was declared to be.
   */
  | 'BAD_SIZE'
  /** A segment failed to authenticate: wrong key, or altered, reordered or truncated bytes. */
  | 'TAG_MISMATCH';

export class Bsk1Error extends Error {
  constructor(
    readonly code: Bsk1ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'Bsk1Error';
  }
}
