/**
 * Strict PEM and base64 handling for key intake (RFC 7468).
 */
import { PublicKeyError } from './public-key-error';

/** One PEM block: its label and DER content. */
export interface PemBlock {
  readonly label: string;
  readonly der: Buffer;
}

const BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/g;
const BASE64_BODY = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes base64 strictly: whitespace (line breaks) is removed, then the alphabet, padding and canonical form are
 * checked, because `Buffer.from(…,'base64')` silently skips junk (checklist §4.1).
 */
export function strictBase64(text: string): Buffer {
  const compact = text.replace(/[\s]+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64_BODY.test(compact)) {
    throw new PublicKeyError('malformed', 'The key is not valid base64.');
  }
  const der = Buffer.from(compact, 'base64');
  if (der.toString('base64') !== compact) throw new PublicKeyError('malformed', 'The key is not canonical base64.');
  return der;
}

/**
 * Parses exactly one PEM block. Refuses several blocks, text after the END line, mismatched BEGIN/END labels,
 * RFC 1421 encryption headers (`Proc-Type: 4,ENCRYPTED`) and private or encrypted key labels.
 */
export function parseSinglePem(text: string): PemBlock {
  const labels = [...text.matchAll(BEGIN)].map((m) => m[1]!);
  if (labels.length > 1) throw new PublicKeyError('multiple_pem_blocks', 'Paste exactly one PEM block; this input contains several.');
  const label = labels[0]!;
  if (label.includes('ENCRYPTED') || /Proc-Type:\s*4,ENCRYPTED/.test(text)) {
    throw new PublicKeyError('encrypted', 'This is an encrypted private key; paste the public key instead.');
  }
  if (label.includes('PRIVATE KEY')) {
    throw new PublicKeyError('private_key', 'This is a private key; never share it. Paste the matching public key instead.');
  }
  const match = /^-----BEGIN ([A-Z0-9 ]+)-----\s*([A-Za-z0-9+/=\s]*?)\s*-----END ([A-Z0-9 ]+)-----$/.exec(text);
  if (!match) {
    if (/-----END [A-Z0-9 ]+-----\s*\S/.test(text) || /\S\s*-----BEGIN/.test(text)) {
      throw new PublicKeyError('trailing_data', 'The input has extra text before or after the PEM block.');
    }
    throw new PublicKeyError('malformed', 'The PEM block is malformed.');
  }
  if (match[1] !== match[3]) throw new PublicKeyError('malformed', 'The PEM BEGIN and END labels differ.');
  return { label, der: strictBase64(match[2]!) };
}
