/**
 * Loads the shared signature vectors (`../shared/fixtures/oauth1-signature-vectors.json` beside the repo: CI places
 * a copy of shared/ next to its clone).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Repository root (this file is libs/oauth1/test-support/fixtures.ts). */
export const repoRoot = resolve(__dirname, '../../..');

/** A `[name, value]` pair as stored in the JSON. */
export type JsonParam = [string, string];

/** A signature vector (spec_vectors / edge_vectors). */
export interface SignatureVector {
  id: string;
  source: string;
  desc?: string;
  note?: string;
  method?: string;
  base_string_uri?: string;
  params?: JsonParam[];
  normalized?: string;
  base_string?: string;
  consumer_secret?: string;
  token_secret?: string;
  hmac_sha1?: string;
  hmac_sha256?: string;
  rsa_sha1?: string;
  plaintext?: string;
  header_value?: string;
  decoded?: string;
  token_request?: { token_secret: string; header_value: string };
  request?: string;
}

/** The whole fixture file. */
export interface Vectors {
  percent_encoding: [string, string][];
  normalization: [string, string][];
  base_string_uri: [string, string, string][];
  spec_vectors: SignatureVector[];
  edge_vectors: SignatureVector[];
  rsa: {
    modulus_bits: number;
    private_key_pkcs8_pem: string;
    public_key_spki_pem: string;
    public_key_pkcs1_pem: string;
    public_key_spki_der_base64: string;
    x509_certificate_pem: string;
    rfc_3_4_1_1_base_string_rsa_sha1: string;
    request: { method: string; url: string; params: JsonParam[]; base_string: string; rsa_sha1: string };
  };
  negative_keys: Record<string, { pem: string; expect: string; rsa_sha1_of_base_string?: string }>;
}

/** The parsed fixture file. Cross-references such as `"<RFC5849-3.4.1 base_string>"` are resolved. */
export const vectors: Vectors = JSON.parse(readFileSync(resolve(repoRoot, '../shared/fixtures/oauth1-signature-vectors.json'), 'utf8')) as Vectors;

for (const v of [...vectors.spec_vectors, ...vectors.edge_vectors]) {
  const ref = /^<(\S+) base_string>$/.exec(v.base_string ?? '');
  if (ref) v.base_string = [...vectors.spec_vectors, ...vectors.edge_vectors].find((x) => x.id === ref[1])!.base_string!;
}
