import type { ConsumerEntity } from './consumer.entity';
import { parseStoredMethods } from './consumer-input';

/** Atlassian's own provider paths, which Bitbucket/Jira pre-fill; we serve them (and nicer aliases). */
export const OAUTH_PATHS = {
  requestToken: '/plugins/servlet/oauth/request-token',
  accessToken: '/plugins/servlet/oauth/access-token',
  authorize: '/plugins/servlet/oauth/authorize',
} as const;

/** What an admin pastes into Bitbucket/Jira ("Atlassian product" link, OAuth 1.0 outgoing authentication). */
export interface ConsumerSetupValues {
  consumerKey: string;
  consumerName: string;
  applicationUrl: string;
  signatureMethods: string[];
  sharedSecretNote: string | null;
  publicKeyFingerprint: string | null;
  callbackUrl: string | null;
  requestTokenUrl: string;
  accessTokenUrl: string;
  authorizeUrl: string;
  relative: { requestTokenUrl: string; accessTokenUrl: string; authorizeUrl: string };
}

/**
 * The setup values of one consumer. The authorize URL carries no query: Atlassian appends `?oauth_token=…`
 * (atlassian-wire.md §8). Relative URLs are resolved by Atlassian against the Application URL.
 */
export function buildSetupValues(consumer: ConsumerEntity, publicUrl: string): ConsumerSetupValues {
  const base = publicUrl.replace(/\/+$/, '');
  const methods = parseStoredMethods(consumer.signatureMethods);
  return {
    consumerKey: consumer.consumerKey,
    consumerName: consumer.name,
    applicationUrl: base,
    signatureMethods: methods,
    sharedSecretNote: consumer.sharedSecretSealed
      ? 'The shared secret was shown once, when it was created or last rotated; rotate it to get a new one.'
      : null,
    publicKeyFingerprint: consumer.publicKeyFingerprint,
    callbackUrl: consumer.callbackUrl,
    requestTokenUrl: `${base}${OAUTH_PATHS.requestToken}`,
    accessTokenUrl: `${base}${OAUTH_PATHS.accessToken}`,
    authorizeUrl: `${base}${OAUTH_PATHS.authorize}`,
    relative: { requestTokenUrl: OAUTH_PATHS.requestToken, accessTokenUrl: OAUTH_PATHS.accessToken, authorizeUrl: OAUTH_PATHS.authorize },
  };
}
