/**
 * RSA public-key intake for consumer registration (checklist C5; decisions "RSA key size").
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';

import { parseSinglePem, strictBase64 } from './pem';
import { PublicKeyError } from './public-key-error';

/** Options of {@link parsePublicKey}. */
export interface ParsePublicKeyOptions {
  /** Accept 1024–2047-bit keys (older Atlassian hosts); the admin must set this explicitly. Never below 1024. */
  readonly allowLegacy1024?: boolean;
}

/** A validated RSA public key in the forms the app stores and uses. */
export interface ParsedPublicKey {
  /** Cached key for `crypto.verify`. */
  readonly keyObject: KeyObject;
  /** Normalized SubjectPublicKeyInfo DER (what to store). */
  readonly spkiDer: Buffer;
  /** `spkiDer` as base64 (the Atlassian consumer-info `<publicKey>` form). */
  readonly spkiBase64: string;
  /** `-----BEGIN PUBLIC KEY-----` PEM. */
  readonly pem: string;
  /** SHA-256 of `spkiDer`, lower-case hex. Same for every accepted format of one key. */
  readonly fingerprintSha256: string;
  readonly modulusBits: number;
  /** True for 1024–2047-bit keys accepted through `allowLegacy1024`. */
  readonly legacy: boolean;
}

/** Maximum input size: 16 KiB. */
export const MAX_PUBLIC_KEY_INPUT = 16 * 1024;

/**
 * Parses an RSA public key given as SPKI PEM, bare base64 SPKI DER (with or without line breaks), an X.509
 * certificate PEM, or a PKCS#1 `RSA PUBLIC KEY` PEM. Throws {@link PublicKeyError} for private keys (Node would
 * silently derive the public half), encrypted PEM, non-RSA keys, several PEM blocks, trailing data, a label that does
 * not match the content, exponent ≠ 65537 (low exponents enabled Bleichenbacher-2006 forgeries, checklist S6),
 * moduli below 2048 bits (1024 with `allowLegacy1024`) or above 8192 bits, inputs over 16 KiB and bad DER.
 */
export function parsePublicKey(input: string, opts: ParsePublicKeyOptions = {}): ParsedPublicKey {
  if (input.length > MAX_PUBLIC_KEY_INPUT) throw new PublicKeyError('too_large', 'The key text is larger than 16 KiB.');
  const text = input.trim();
  if (text.length === 0) throw new PublicKeyError('empty', 'No key was given.');
  const key = text.includes('-----') ? fromPem(text) : fromDer(strictBase64(text), 'spki');
  return validate(key, opts);
}

function fromPem(text: string): KeyObject {
  const { label, der } = parseSinglePem(text);
  switch (label) {
    case 'PUBLIC KEY':
      return fromDer(der, 'spki');
    case 'RSA PUBLIC KEY':
      return fromDer(der, 'pkcs1');
    case 'CERTIFICATE':
      return fromCertificate(der);
    default:
      throw new PublicKeyError('unsupported_label', `A "${label}" block is not a public key; paste a PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE block.`);
  }
}

function fromDer(der: Buffer, type: 'spki' | 'pkcs1'): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: der, format: 'der', type });
  } catch {
    if (type === 'spki' && parses(() => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }))) {
      throw new PublicKeyError('private_key', 'This is a private key; never share it. Paste the matching public key instead.');
    }
    const other = type === 'spki' ? 'pkcs1' : 'spki';
    if (parses(() => createPublicKey({ key: der, format: 'der', type: other }))) {
      throw new PublicKeyError('wrong_label', 'The PEM label does not match the key inside it.');
    }
    throw new PublicKeyError('malformed', 'The key could not be parsed (truncated or invalid DER).');
  }
  // Why re-export and compare: DER decoders may ignore bytes after the structure; we refuse them (trailing data).
  const canonical = type === 'spki' ? key.export({ format: 'der', type: 'spki' }) : key.export({ format: 'der', type: 'pkcs1' });
  if (!canonical.equals(der)) throw new PublicKeyError('trailing_data', 'The key data has extra bytes after the key.');
  return key;
}

function fromCertificate(der: Buffer): KeyObject {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    if (parses(() => createPublicKey({ key: der, format: 'der', type: 'spki' }))) {
      throw new PublicKeyError('wrong_label', 'The block is labelled CERTIFICATE but contains a bare public key.');
    }
    throw new PublicKeyError('malformed', 'The certificate could not be parsed.');
  }
  if (!cert.raw.equals(der)) throw new PublicKeyError('trailing_data', 'The certificate data has extra bytes after it.');
  return cert.publicKey;
}

function parses(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}

function validate(key: KeyObject, opts: ParsePublicKeyOptions): ParsedPublicKey {
  if (key.asymmetricKeyType !== 'rsa') throw new PublicKeyError('not_rsa', `This is a ${key.asymmetricKeyType ?? 'non-RSA'} key; OAuth 1.0a RSA-SHA1 needs an RSA key.`);
  const details = key.asymmetricKeyDetails;
  const bits = details?.modulusLength ?? 0;
  if (details?.publicExponent !== 65537n) throw new PublicKeyError('bad_exponent', 'The RSA public exponent must be 65537.');
  if (bits > 8192) throw new PublicKeyError('too_large_modulus', `The key has ${bits} bits; at most 8192 are accepted.`);
  const min = opts.allowLegacy1024 ? 1024 : 2048;
  if (bits < min) {
    throw new PublicKeyError('too_small', `The key has ${bits} bits; at least ${min} are required${opts.allowLegacy1024 ? '' : ' (1024 only with the legacy flag)'}.`);
  }
  const spkiDer = key.export({ format: 'der', type: 'spki' });
  return {
    keyObject: key,
    spkiDer,
    spkiBase64: spkiDer.toString('base64'),
    pem: key.export({ format: 'pem', type: 'spki' }).toString(),
    fingerprintSha256: createHash('sha256').update(spkiDer).digest('hex'),
    modulusBits: bits,
    legacy: bits < 2048,
  };
}
