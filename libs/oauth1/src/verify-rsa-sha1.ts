/**
 * RSA-SHA1 signatures (RFC 5849 §3.4.3): RSASSA-PKCS1-v1_5 with SHA-1 through OpenSSL.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Smallest and largest RSA moduli accepted at verify time (checklist §1.12: cap the modulus at verify time too). */
export const RSA_VERIFY_MIN_BITS = 1024;
/** See {@link RSA_VERIFY_MIN_BITS}. */
export const RSA_VERIFY_MAX_BITS = 8192;

/**
 * Modulus size in bytes of an RSA public key usable for verification, or `null` when the key is not RSA
 * (`rsa-pss` included) or its size is outside 1024–8192 bits.
 */
export function rsaModulusBytes(key: KeyObject): number | null {
  // KeyObjects are immutable and Node's getters are not free (a details object per call): cache per key.
  const cached = modulusBytesCache.get(key);
  if (cached !== undefined) return cached;
  const bytes = computeModulusBytes(key);
  modulusBytesCache.set(key, bytes);
  return bytes;
}

const modulusBytesCache = new WeakMap<KeyObject, number | null>();

function computeModulusBytes(key: KeyObject): number | null {
  if (key.type !== 'public' || key.asymmetricKeyType !== 'rsa') return null;
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits === undefined || bits < RSA_VERIFY_MIN_BITS || bits > RSA_VERIFY_MAX_BITS) return null;
  return Math.ceil(bits / 8);
}

/**
 * Verifies an RSA-SHA1 `oauth_signature` (percent-decoded base64) with a cached public `KeyObject`.
 * Why the checks before OpenSSL: Node's base64 decoder accepts junk, base64url and missing padding, so many wire
 * forms would verify (checklist S5/F8). We require the strict alphabet, the exact length `4·⌈k/3⌉` for a k-byte
 * modulus, a decoded length of exactly k (checklist S6) and canonical encoding. OpenSSL's PKCS#1 v1.5 check
 * (`crypto.verify`) is strict; never hand-rolled ASN.1 (node-forge CVE-2022-24771/2/3).
 * Any exception (for example SHA-1 disabled by the OpenSSL policy, checklist §4.9) yields `false`.
 */
export function verifyRsaSha1(baseString: string, signature: string, key: KeyObject): boolean {
  return verifyRsaSha1Data(Buffer.from(baseString, 'utf8'), signature, key);
}

/** {@link verifyRsaSha1} over the base string's bytes (the verify path builds them directly). */
export function verifyRsaSha1Data(baseString: Uint8Array, signature: string, key: KeyObject): boolean {
  const k = rsaModulusBytes(key);
  if (k === null) return false;
  if (signature.length !== 4 * Math.ceil(k / 3) || !BASE64.test(signature)) return false;
  const bytes = Buffer.from(signature, 'base64');
  if (bytes.length !== k || bytes.toString('base64') !== signature) return false;
  try {
    return verify('RSA-SHA1', baseString, key, bytes);
  } catch {
    return false;
  }
}

/**
 * A fixed 2048-bit public key with no known private half, used for the uniform failure path: when the consumer is
 * unknown we still run an RSA verification so timing does not reveal which consumer keys exist (checklist C4).
 */
export const DUMMY_RSA_PUBLIC_KEY: KeyObject = createPublicKey({
  key: Buffer.from(
    'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAs88caIQW2yTjGwWQS3vfvek/Q5GQa+kgqkyI3UGnC+31S0kpm/MYMzDdxXH7xpB/Pm5hFxwmzmi0CjfvDNnxY7ZYVMEX4eexQXBWcMwXSLc06xkRjSr0Ns26u167NSGsAezJIT6rB3OREeIg8f/+cVR9Zer/GF2cZhcxtEQMCdUJvNqiM0W7ClB9QA6Tlk9PtdtsxafVYKP4FfdtcNAmgM1qRK3E9HTNnJcm+wOmVymCUTS3WKmRm2WYfhwImQRW+Nn8oc9xL3kmAjDnvLoSqj+cyZxqS54GoSJ0UBU5mSSGT2DnR4vr0/U2gKXx9GI+KZruJ/onnh/DUNnW8JKbBQIDAQAB',
    'base64',
  ),
  format: 'der',
  type: 'spki',
});
