import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The single row id: the service has exactly one consumer identity. */
export const SERVICE_IDENTITY_ID = 1;

/**
 * The service's own consumer identity toward Bitbucket/Jira/Confluence (it is their consumer on the incoming side
 * of a link): the key and name it publishes at /plugins/servlet/oauth/consumer-info, and its RSA key pair. The
 * private key is sealed with SecretBox; only the public half is stored in the clear.
 */
@Entity('service_identity')
export class ServiceIdentityEntity {
  /** Always {@link SERVICE_IDENTITY_ID}: a fixed primary key makes the first-start insert race-free across instances. */
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ name: 'consumer_key', type: 'varchar', length: 255 })
  consumerKey: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** SubjectPublicKeyInfo DER, base64 without PEM lines (what Atlassian publishes and parses). */
  @Column({ name: 'public_key_spki', type: 'text' })
  publicKeySpki: string;

  /** SHA-256 of the SPKI DER, hex (the same fingerprint the core's parsePublicKey reports). */
  @Column({ name: 'public_key_fingerprint', type: 'varchar', length: 64 })
  publicKeyFingerprint: string;

  /** PKCS#8 PEM private key sealed with SecretBox (purpose `service-consumer-private-key`). */
  @Column({ name: 'private_key_sealed', type: 'text' })
  privateKeySealed: string;

  @Column({ name: 'key_created_at', type: 'datetime' })
  keyCreatedAt: Date;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
