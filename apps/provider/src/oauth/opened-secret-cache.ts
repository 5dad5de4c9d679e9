import { BoundedMap } from '../common/bounded-map';

/** Bounds memory: one entry per recently used access token. */
const MAX_ENTRIES = 10_000;

/**
 * Opened access-token secrets per token hash, so a token used many times is not AES-GCM-decrypted on every signed
 * request. An entry is used only for the exact sealed value it was opened from: the row is still read from the
 * database on every request (revocation, expiry), and a different sealed value (or one bound to another hash, which
 * SecretBox would refuse to open) never hits. Holds nothing the process does not already hold: it has the key.
 */
export class OpenedSecretCache {
  private readonly entries = new BoundedMap<string, { sealed: string; secret: string }>(MAX_ENTRIES);

  open(tokenHash: string, sealed: string, open: () => string): string {
    const cached = this.entries.get(tokenHash);
    if (cached?.sealed === sealed) return cached.secret;
    const secret = open();
    this.entries.set(tokenHash, { sealed, secret });
    return secret;
  }
}
