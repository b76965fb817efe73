import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { CryptoError, isProfileName, profileFromEnv, type ProfileName } from '../crypto/index.js';
import type { OpenedPackage } from '../sharing/package/index.js';
import { PackageError } from '../sharing/package/errors.js';

// The package code (access masking, projection, SM2) loads only when a package command runs, so
// every other command starts as fast as before.
const packageModule = () => import('../sharing/package/index.js');

/**
 * `yixiang package`: the recipient's side of an export package. Neither command touches the
 * database or the keyring, so a recipient can run them on a machine with no Yixiang installation.
 */

/** Integrity failures (the file is bad) exit 2, like `audit verify`; everything else exits 1. */
const INTEGRITY: ReadonlySet<string> = new Set(['PACKAGE_TAMPERED', 'PACKAGE_SIGNATURE', 'PACKAGE_MALFORMED']);

function fail(error: unknown): void {
  if (!(error instanceof PackageError) && !(error instanceof CryptoError) && (error as NodeJS.ErrnoException).code === undefined) throw error;
  console.error(`yixiang: ${(error as Error).message}`);
  process.exitCode = error instanceof PackageError && INTEGRITY.has(error.code) ? 2 : 1;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new PackageError('PACKAGE_INPUT', `cannot read the ${what} ${file}: ${(cause as Error).message}`);
  }
}

async function keygen(options: { out: string; profile?: string; force?: boolean }): Promise<void> {
  const { generateRecipientKeyPair, keyFingerprint, parseRecipientPublicKey } = await packageModule();
  const profile: ProfileName = options.profile && isProfileName(options.profile) ? options.profile : profileFromEnv(process.env).name;
  const privateFile = `${options.out}.key`;
  const publicFile = `${options.out}.pub`;
  for (const file of [privateFile, publicFile]) {
    if (existsSync(file) && !options.force) throw new PackageError('PACKAGE_OUTPUT', `${file} already exists; pass --force to replace it`);
  }
  const pair = generateRecipientKeyPair(profile);
  // A replaced file is removed first: rewriting it in place would keep its old, maybe wider, mode.
  if (options.force) for (const file of [privateFile, publicFile]) rmSync(file, { force: true });
  writeFileSync(privateFile, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
  writeFileSync(publicFile, pair.publicKeyPem, { mode: 0o644, flag: 'wx' });
  const fingerprint = keyFingerprint(parseRecipientPublicKey(pair.publicKeyPem), profile === 'gm' ? 'SM3' : 'SHA-256');
  console.log(
    [
      `Recipient key pair (${pair.algorithm}, for the ${profile} crypto profile):`,
      `  private key: ${privateFile} (mode 0600; keep it secret, it opens every package sent to you)`,
      `  public key:  ${publicFile} (send this to the hospital with your share request)`,
      `  fingerprint: ${fingerprint}`,
    ].join('\n'),
  );
}

function warnIfExposed(keyFile: string): void {
  try {
    if ((statSync(keyFile).mode & 0o077) !== 0) console.error(`warning: ${keyFile} is readable by other users; chmod 600 it`);
  } catch {
    // Unreadable files are reported when read.
  }
}

function report(file: string, opened: OpenedPackage): void {
  const { manifest } = opened;
  console.log(
    [
      `OK: ${file}: ${manifest.recordCount} record(s) for grant ${manifest.grantId}; checksums and signature verified.`,
      `  signed by ${manifest.signer.keyId} (${manifest.signer.algorithm})${opened.signerTrusted ? ', the trusted key' : ''}`,
      `  de-identification: ${manifest.deidentification.level}${manifest.deidentification.kAnonymity ? `, k = ${manifest.deidentification.kAnonymity.k}` : ''}`,
      ...(opened.written.length ? ['  written:', ...opened.written.map((path) => `    ${path}`)] : ['  verified only (pass --out <dir> to write the data)']),
      'Manifest:',
      JSON.stringify(manifest, null, 2),
    ].join('\n'),
  );
  if (!opened.signerTrusted) console.error("warning: the signer was not checked against a trusted key; pass --trust <hospital's package signing public key> to know who made this package");
  if (opened.expired) console.error(`warning: the package expired at ${manifest.expiresAt}; use and keep it only as the share agreement allows`);
}

async function openCommand(file: string, options: { key: string; out?: string; trust?: string }): Promise<void> {
  warnIfExposed(options.key);
  const privateKeyPem = readText(options.key, 'private key file');
  const trustedSignerKey = options.trust ? readText(options.trust, 'trusted signer key file') : undefined;
  if (!existsSync(file)) throw new PackageError('PACKAGE_INPUT', `no such package file: ${file}`);
  const { openPackage } = await packageModule();
  report(file, await openPackage(file, { privateKeyPem, ...(options.out ? { outDir: options.out } : {}), ...(trustedSignerKey ? { trustedSignerKey } : {}) }));
}

export function registerPackageCommands(program: Command): void {
  const pkg = program.command('package').description('Encrypted export packages: recipient keys, and opening and verifying a package');

  pkg
    .command('keygen')
    .description('Create a recipient key pair (X25519, or SM2 under the gm profile); the private key is written with mode 0600')
    .option('--out <basename>', 'writes <basename>.key (private) and <basename>.pub (public)', 'yixiang-recipient')
    .addOption(new Option('--profile <profile>', 'crypto profile of the hospital (default: YIXIANG_CRYPTO_PROFILE or standard)').choices(['standard', 'gm']))
    .option('--force', 'replace existing key files')
    .action(async (options: { out: string; profile?: string; force?: boolean }) => {
      try {
        await keygen(options);
      } catch (error) {
        fail(error);
      }
    });

  pkg
    .command('open')
    .description('Decrypt a package, verify its checksums and signature, print the manifest; with --out, write the data files')
    .argument('<file>', 'the package file')
    .requiredOption('--key <file>', 'your private key file (from `yixiang package keygen`)')
    .option('--out <dir>', 'directory to write the data files, manifest.json and manifest.sig into (created if missing; existing files are never replaced)')
    .option('--trust <file>', "the hospital's package signing public key (PEM), obtained from the hospital, not from the package")
    .action(async (file: string, options: { key: string; out?: string; trust?: string }) => {
      try {
        await openCommand(file, options);
      } catch (error) {
        fail(error);
      }
    });
}
