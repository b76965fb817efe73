/**
 * One error class for everything the export package refuses, with a stable code so the owner's
 * download endpoint can map it to a problem response and the CLI can print one clear line.
 */
export type PackageErrorCode =
  /** The grant cannot be exported (wrong channel, not live, not this principal's). */
  | 'PACKAGE_GRANT'
  /** The request is malformed (identification weaker than approved, bad expiry, bad option). */
  | 'PACKAGE_INPUT'
  /** The recipient key is unusable or of the wrong kind for the profile. */
  | 'PACKAGE_KEY'
  /** De-identification could not reach the required k-anonymity. */
  | 'PACKAGE_K_ANONYMITY'
  /** Not a package, or an unsupported version. */
  | 'PACKAGE_MALFORMED'
  /** The private key given is not the one the package was encrypted to. */
  | 'PACKAGE_WRONG_KEY'
  /** Bytes were altered: a frame fails authentication or a checksum does not match. */
  | 'PACKAGE_TAMPERED'
  /** The manifest signature does not verify, or the signer is not the trusted key. */
  | 'PACKAGE_SIGNATURE'
  /** Refusing to overwrite output. */
  | 'PACKAGE_OUTPUT';

export class PackageError extends Error {
  readonly code: PackageErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: PackageErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PackageError';
    this.code = code;
    this.details = details;
  }
}
