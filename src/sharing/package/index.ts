/**
 * The export package (issue 6, delivery): a grant's data, de-identified as approved, encrypted to
 * the recipient's public key, with a signed manifest. Built from what access returns for the grant;
 * opened and verified by the recipient with `yixiang package open`.
 */
export { buildPackage, PACKAGE_KEY_PURPOSE, DEFAULT_DATE_SHIFT_DAYS, type BuildPackageInput, type BuiltPackage } from './builder.js';
export { PACKAGE_SIGNING_PURPOSE } from './sign-manifest.js';
export { openPackage, MANIFEST_FILE, SIGNATURE_FILE, type OpenPackageOptions, type OpenedPackage } from './open.js';
export { PackageError, type PackageErrorCode } from './errors.js';
export { generateRecipientKeyPair, parseRecipientPublicKey, parseRecipientPrivateKey, keyFingerprint, recipientAlgorithmFor, type RecipientAlgorithm } from './recipient-keys.js';
export { MIN_K, type KAnonymityResult } from './kanonymity.js';
export type { PackageManifest, PackageFile, DataFormat } from './manifest.js';
export type { PackageHeader } from './container.js';
