import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PackageError } from './errors.js';
import { decapsulate, encapsulate, fingerprintMatches, generateRecipientKeyPair, keyFingerprint, parseRecipientPrivateKey, parseRecipientPublicKey } from './recipient-keys.js';

describe.each(['standard', 'gm'] as const)('recipient keys under the %s profile', (profile) => {
  const pair = generateRecipientKeyPair(profile);
  const algorithm = profile === 'gm' ? 'SM2' : 'X25519';

  it('generates a PEM key pair whose halves match', () => {
    expect(pair.algorithm).toBe(algorithm);
    expect(pair.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(pair.privateKeyPem).toContain('BEGIN PRIVATE KEY');
    const publicKey = parseRecipientPublicKey(pair.publicKeyPem);
    const privateKey = parseRecipientPrivateKey(pair.privateKeyPem);
    expect(publicKey.algorithm).toBe(algorithm);
    expect(privateKey.publicKey.spki).toEqual(publicKey.spki);
    const fingerprint = keyFingerprint(publicKey, profile === 'gm' ? 'SM3' : 'SHA-256');
    expect(fingerprint).toMatch(/^(SHA-256|SM3):[0-9a-f]{64}$/);
    expect(fingerprintMatches(privateKey.publicKey, fingerprint)).toBe(true);
  });

  it('delivers a fresh payload key only to the matching private key', () => {
    const recipient = parseRecipientPublicKey(pair.publicKeyPem);
    const first = encapsulate(recipient);
    const second = encapsulate(recipient);
    expect(first.key).toHaveLength(32);
    expect(first.key.equals(second.key)).toBe(false);
    expect(decapsulate(parseRecipientPrivateKey(pair.privateKeyPem), first.encapsulation)).toEqual(first.key);
    const stranger = parseRecipientPrivateKey(generateRecipientKeyPair(profile).privateKeyPem);
    if (profile === 'gm') {
      expect(() => decapsulate(stranger, first.encapsulation)).toThrow(PackageError);
    } else {
      // X25519 cannot tell a wrong key here; the fingerprint check and the first frame do.
      expect(decapsulate(stranger, first.encapsulation).equals(first.key)).toBe(false);
    }
    const otherKind = parseRecipientPrivateKey(generateRecipientKeyPair(profile === 'gm' ? 'standard' : 'gm').privateKeyPem);
    expect(() => decapsulate(otherKind, first.encapsulation)).toThrow(/encrypted to an? (SM2|X25519) key/);
  });
});

describe('refused keys', () => {
  it('refuses a private key as recipient key, other key types, and garbage', () => {
    const x = generateRecipientKeyPair('standard');
    expect(() => parseRecipientPublicKey(x.privateKeyPem)).toThrow(/private key was given/);
    // A signing key is a likely mistake: say what it is.
    const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => parseRecipientPublicKey(ed)).toThrow(/ed25519; expected X25519 or SM2/);
    expect(() => parseRecipientPublicKey('not a key')).toThrow(PackageError);
    expect(() => parseRecipientPrivateKey('not a key')).toThrow(PackageError);
  });
});
