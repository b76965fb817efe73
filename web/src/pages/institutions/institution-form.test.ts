import { describe, expect, it } from 'vitest';
import type { Institution } from '../../api/types';
import { institutionChanges, newInstitution, parsePublicKey, type InstitutionDraft } from './institution-form';

const institution: Institution = {
  id: 'i1',
  code: 'REF01',
  name: { zh: 'Shi Di Er Yiyuan', en: 'City Second Hospital' },
  kind: 'referral_hospital',
  status: 'active',
  agreementStart: '2026-01-01',
  agreementEnd: null,
  contactName: null,
  contactPhone: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

const draft: InstitutionDraft = {
  code: 'REF01',
  name: { zh: 'Shi Di Er Yiyuan', en: 'City Second Hospital' },
  kind: 'referral_hospital',
  status: 'active',
  agreementStart: '2026-01-01',
  agreementEnd: null,
  contactName: '',
  contactPhone: undefined,
};

describe('institution form', () => {
  it('creates without a status (the server starts institutions as active)', () => {
    const body = newInstitution({ ...draft, code: ' REF02 ', contactName: ' Li ' });
    expect(body).toEqual({
      code: 'REF02',
      name: draft.name,
      kind: 'referral_hospital',
      agreementStart: '2026-01-01',
      agreementEnd: null,
      contactName: 'Li',
      contactPhone: null,
    });
    expect(body).not.toHaveProperty('status');
  });

  it('patches only changed fields', () => {
    expect(institutionChanges(institution, draft)).toEqual({});
    expect(institutionChanges(institution, { ...draft, agreementEnd: '2027-12-31', status: 'suspended' })).toEqual({
      agreementEnd: '2027-12-31',
      status: 'suspended',
    });
  });
});

describe('parsePublicKey', () => {
  const jwk = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1' };

  it('accepts a JWKS', () => {
    expect(parsePublicKey('jwks', JSON.stringify({ keys: [jwk] }))).toEqual({ ok: true, body: { jwks: { keys: [jwk] } } });
  });

  it('wraps a single JWK into a set', () => {
    expect(parsePublicKey('jwks', JSON.stringify(jwk))).toEqual({ ok: true, body: { jwks: { keys: [jwk] } } });
  });

  it.each(['not json', '[]', '{"keys":[]}', '{"keys":"x"}', '{"keys":[1]}', '{}'])('rejects %s', (text) => {
    expect(parsePublicKey('jwks', text)).toEqual({ ok: false, reason: 'jwksInvalid' });
  });

  it('accepts a PEM public key and rejects other PEM blocks', () => {
    const pem = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----';
    expect(parsePublicKey('pem', `\n${pem}\n\n`)).toEqual({ ok: true, body: { publicKeyPem: `${pem}\n` } });
    expect(parsePublicKey('pem', pem.replace(/PUBLIC/g, 'CERTIFICATE'))).toEqual({ ok: false, reason: 'pemInvalid' });
  });

  it('stops a private key before it is sent', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----';
    expect(parsePublicKey('pem', pem)).toEqual({ ok: false, reason: 'privateKey' });
    expect(parsePublicKey('pem', pem.replace(/PRIVATE/g, 'EC PRIVATE'))).toEqual({ ok: false, reason: 'privateKey' });
    expect(parsePublicKey('jwks', JSON.stringify({ ...jwk, d: 'secret' }))).toEqual({ ok: false, reason: 'privateKey' });
    expect(parsePublicKey('jwks', JSON.stringify({ keys: [jwk, { kty: 'RSA', n: 'n', e: 'AQAB', d: 'x' }] }))).toEqual({ ok: false, reason: 'privateKey' });
  });

  it('asks for a key when the box is empty', () => {
    expect(parsePublicKey('pem', '  ')).toEqual({ ok: false, reason: 'keyRequired' });
    expect(parsePublicKey('jwks', undefined)).toEqual({ ok: false, reason: 'keyRequired' });
  });
});
