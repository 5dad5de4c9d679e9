/**
 * The error thrown by `parsePublicKey`: a machine-readable reason plus one readable sentence for the admin.
 */

/** Why a submitted key was refused. */
export type PublicKeyErrorReason =
  | 'too_large'
  | 'empty'
  | 'private_key'
  | 'encrypted'
  | 'multiple_pem_blocks'
  | 'trailing_data'
  | 'unsupported_label'
  | 'wrong_label'
  | 'malformed'
  | 'not_rsa'
  | 'bad_exponent'
  | 'too_small'
  | 'too_large_modulus';

/** Refusal of a public key at registration (checklist C5). The admin API maps it to 400/422. */
export class PublicKeyError extends Error {
  constructor(
    readonly reason: PublicKeyErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'PublicKeyError';
  }
}
