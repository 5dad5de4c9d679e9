/** Why a consumer's existing tokens may no longer be valid. */
export type ConsumerRevocationReason = 'consumer-disabled' | 'consumer-deleted' | 'secret-rotated' | 'key-replaced';

export type ConsumerCredentialsRevokedListener = (consumerId: number, reason: ConsumerRevocationReason) => Promise<void>;

/**
 * The observer between the registry and the token store: the oauth module subscribes (so the consumers module
 * does not import it, which would be a cycle) and revokes the consumer's tokens when told.
 */
export class ConsumerRevocationNotifier {
  private readonly listeners = new Set<ConsumerCredentialsRevokedListener>();

  subscribe(listener: ConsumerCredentialsRevokedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs every listener; a failing one fails the admin operation loudly rather than leaving live tokens silently. */
  async notify(consumerId: number, reason: ConsumerRevocationReason): Promise<void> {
    for (const listener of this.listeners) await listener(consumerId, reason);
  }
}
