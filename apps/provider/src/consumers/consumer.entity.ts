import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * An application allowed to call the service (Bitbucket, Jira, a script). Deleted consumers stay as tombstones
 * (`deletedAt` set, credentials wiped) so their key is never issued again.
 */
@Entity('consumers')
export class ConsumerEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** Immutable, printable ASCII; byte-exact (binary, NO PAD collation on MySQL). */
  @Column({ name: 'consumer_key', type: 'varchar', length: 255, unique: true })
  consumerKey: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** Comma-separated allowed signature methods: HMAC-SHA1, RSA-SHA1, PLAINTEXT. */
  @Column({ name: 'signature_methods', type: 'varchar', length: 64 })
  signatureMethods: string;

  /** Shared secret sealed with AES-256-GCM under SECRETS_KEY (HMAC-SHA1 needs the original, RFC 5849 §3.4.2). */
  @Column({ name: 'shared_secret_sealed', type: 'text', nullable: true })
  sharedSecretSealed: string | null;

  /** Normalized SubjectPublicKeyInfo DER, base64 (RSA-SHA1). */
  @Column({ name: 'public_key_spki', type: 'text', nullable: true })
  publicKeySpki: string | null;

  @Column({ name: 'public_key_fingerprint', type: 'varchar', length: 64, nullable: true })
  publicKeyFingerprint: string | null;

  @Column({ name: 'public_key_bits', type: 'int', nullable: true })
  publicKeyBits: number | null;

  /** Explicit admin permission for a 1024-bit key (never less). */
  @Column({ name: 'allow_legacy_key', type: 'boolean', default: false })
  allowLegacyKey: boolean;

  /** The base every `oauth_callback` must match; null allows only `oob`. */
  @Column({ name: 'callback_url', type: 'varchar', length: 2048, nullable: true })
  callbackUrl: string | null;

  @Column({ name: 'allow_three_legged', type: 'boolean', default: true })
  allowThreeLegged: boolean;

  @Column({ name: 'allow_two_legged', type: 'boolean', default: false })
  allowTwoLegged: boolean;

  /** Username 2-legged calls run as; null runs them anonymously. */
  @Column({ name: 'two_legged_execute_as', type: 'varchar', length: 255, nullable: true })
  twoLeggedExecuteAs: string | null;

  @Column({ name: 'allow_impersonation', type: 'boolean', default: false })
  allowImpersonation: boolean;

  /** The `oauth_session_handle` renewal extension (off: several clients refuse unknown response parameters). */
  @Column({ name: 'allow_token_renewal', type: 'boolean', default: false })
  allowTokenRenewal: boolean;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;

  @Column({ name: 'deleted_at', type: 'datetime', nullable: true })
  deletedAt: Date | null;
}
