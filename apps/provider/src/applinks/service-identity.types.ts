import type { KeyObject } from 'node:crypto';

/** SecretBox purpose of the service's private key (bound as AAD, so the sealed value opens nowhere else). */
export const PRIVATE_KEY_PURPOSE = 'service-consumer-private-key';

/** The service's consumer identity, ready to publish and to sign with. */
export interface ServiceIdentity {
  consumerKey: string;
  name: string;
  description: string | null;
  /** SPKI DER, bare base64 (consumer-info `<publicKey>`). */
  publicKeySpki: string;
  /** `-----BEGIN PUBLIC KEY-----` PEM, what an admin pastes into Bitbucket's Incoming Authentication. */
  publicKeyPem: string;
  /** SHA-256 of the SPKI DER, lower-case hex. */
  publicKeyFingerprint: string;
  keyCreatedAt: Date;
  /** For RSA-SHA1 signing only; never serialized. */
  privateKey: KeyObject;
}

/** Admin-editable parts of the identity. */
export interface ServiceIdentityProfile {
  consumerKey?: string;
  name?: string;
  description?: string | null;
}

/** The defaults on first start, derived from the public URL: `applink-provider:<host>`. */
export function defaultIdentityProfile(publicUrl: string): Required<ServiceIdentityProfile> {
  const host = new URL(publicUrl).host;
  return {
    consumerKey: `applink-provider:${host}`,
    name: `AppLink Provider (${host})`,
    description: `AppLink Provider at ${publicUrl.replace(/\/+$/, '')}`,
  };
}
