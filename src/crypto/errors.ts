/**
 * Every failure this module raises is a CryptoError with a stable `code`, so the HTTP layer can
 * map it to a problem+json response without parsing messages, and so callers can tell a wrong
 * key configuration (operator problem) from tampered data (security event).
 */
export type CryptoErrorCode =
  | 'CRYPTO_CONFIG'
  | 'CRYPTO_KEY_FILE_INSECURE'
  | 'CRYPTO_KEY_NOT_FOUND'
  | 'CRYPTO_KEK_MISMATCH'
  | 'CRYPTO_MALFORMED'
  | 'CRYPTO_UNSUPPORTED_ALGORITHM'
  | 'CRYPTO_DECRYPT_FAILED'
  | 'CRYPTO_INVALID_INPUT';

export class CryptoError extends Error {
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CryptoError';
    this.code = code;
  }
}

/**
 * Raised for every way an envelope can fail to open. Kept as one class (with the code telling
 * malformed / unknown key / authentication failure apart) so callers catch a single type.
 */
export class DecryptError extends CryptoError {
  constructor(
    code: 'CRYPTO_MALFORMED' | 'CRYPTO_UNSUPPORTED_ALGORITHM' | 'CRYPTO_DECRYPT_FAILED' | 'CRYPTO_KEY_NOT_FOUND',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'DecryptError';
  }
}
