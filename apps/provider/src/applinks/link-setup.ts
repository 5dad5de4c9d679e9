import type { ConsumerEntity } from '../consumers/consumer.entity';
import { buildSetupValues, type ConsumerSetupValues } from '../consumers/consumer-setup';

import type { ServiceIdentity } from './service-identity.types';

/** In Bitbucket 7.21+, Jira 9+ and Confluence 8+ OAuth 1.0a links are made with this type (atlassian-wire.md §1.3). */
export const APPLICATION_TYPE = 'Atlassian product';

/** One field as it is labelled on Bitbucket's screen, with the value to type. */
export interface SetupField {
  label: string;
  value: string;
}

export interface SetupStep {
  title: string;
  text: string;
  fields: SetupField[];
}

/** Everything an admin needs for the outgoing link on Bitbucket's side (Bitbucket → this service). */
export interface LinkSetup extends ConsumerSetupValues {
  applicationType: string;
  applicationTypeNote: string;
  warnings: string[];
  steps: SetupStep[];
  /** This service's own identity, for the incoming side of a bidirectional link. */
  serviceConsumer: { consumerKey: string; name: string; consumerInfoUrl: string; publicKeyFingerprint: string };
}

const NO_RESPONSE_WARNING = 'No response was received from the URL you entered - it may not be valid. Please fix the URL below, if needed, and click Continue.';

/** The link set-up values and Bitbucket's screens, step by step, for one consumer. */
export function buildLinkSetup(consumer: ConsumerEntity, publicUrl: string, identity: ServiceIdentity): LinkSetup {
  const values = buildSetupValues(consumer, publicUrl);
  const hmac = values.signatureMethods.includes('HMAC-SHA1');
  const steps: SetupStep[] = [
    {
      title: 'Open Application Links',
      text: 'In Bitbucket, go to Administration (the cog) → Application Links, then click "Create link".',
      fields: [],
    },
    {
      title: `Choose "${APPLICATION_TYPE}"`,
      text: `Select "${APPLICATION_TYPE}" as the application type, even though this service is not an Atlassian product: it is the original OAuth 1.0a mechanism. Do not choose "External application" (that is OAuth 2.0). Enter the Application URL and click Continue.`,
      fields: [{ label: 'Application URL', value: values.applicationUrl }],
    },
    {
      title: 'Click through "No response was received"',
      text: `Bitbucket warns "${NO_RESPONSE_WARNING}" This is expected: the service deliberately publishes no Applinks manifest. Leave the URL as it is and click Continue.`,
      fields: [],
    },
    {
      title: 'Fill in the link details',
      text: 'Bitbucket now shows the "Link applications" form for a Generic Application. Enter these values (the three URLs may also be entered as the relative paths shown below) and click Continue. Leave "Create incoming link" unticked unless this service should also call Bitbucket; the incoming side is set up from Remote applications.',
      fields: [
        { label: 'Application Name', value: consumer.name },
        { label: 'Application Type', value: 'Generic Application' },
        { label: 'Service Provider Name', value: consumer.name },
        { label: 'Consumer key', value: values.consumerKey },
        { label: 'Shared secret', value: hmac ? 'the shared secret shown when the consumer was created or its secret last rotated' : '(this consumer has no shared secret: enable HMAC-SHA1 and rotate the secret first)' },
        { label: 'Request Token URL', value: values.requestTokenUrl },
        { label: 'Access token URL', value: values.accessTokenUrl },
        { label: 'Authorize URL', value: values.authorizeUrl },
      ],
    },
    {
      title: 'Check the link',
      text: 'The link is listed with Application "Generic application" and status "Non-Atlassian". Have a Bitbucket user start an action that uses the link: Bitbucket sends them here to Allow access once. The link check below then shows whether Bitbucket\'s calls succeed.',
      fields: [],
    },
  ];
  return {
    ...values,
    applicationType: APPLICATION_TYPE,
    applicationTypeNote: `Choose "${APPLICATION_TYPE}", not "External application" (OAuth 2.0), in Bitbucket 7.21+, Jira 9+ and Confluence 8+.`,
    warnings: setupWarnings(consumer, values),
    steps,
    serviceConsumer: {
      consumerKey: identity.consumerKey,
      name: identity.name,
      consumerInfoUrl: `${values.applicationUrl}/plugins/servlet/oauth/consumer-info`,
      publicKeyFingerprint: identity.publicKeyFingerprint,
    },
  };
}

/** Everything that would make Bitbucket's side fail or be unsafe, in plain words. */
export function setupWarnings(consumer: ConsumerEntity, values: ConsumerSetupValues): string[] {
  const warnings: string[] = [];
  if (values.authorizeUrl.includes('?')) {
    warnings.push('The Authorize URL contains "?": Bitbucket appends "?oauth_token=…" itself, so the redirect would break. Publish the service under a URL without a query.');
  }
  if (!values.applicationUrl.startsWith('https://')) {
    warnings.push('The public URL is not HTTPS: tokens, verifiers and pages travel in clear text. Put the service behind TLS and set PUBLIC_URL to the https:// URL.');
  }
  if (!values.signatureMethods.includes('HMAC-SHA1')) {
    warnings.push("Bitbucket's outgoing links sign with HMAC-SHA1 and a shared secret only; this consumer does not allow HMAC-SHA1.");
  }
  if (!consumer.callbackUrl) {
    warnings.push("No callback URL is registered, so only \"oob\" is accepted and Bitbucket's login dance would be refused: set the callback URL to Bitbucket's base URL.");
  }
  if (!consumer.allowThreeLegged) warnings.push('The 3-legged flow is disabled for this consumer; Bitbucket users cannot authorize it.');
  if (!consumer.enabled) warnings.push('The consumer is disabled: every call from Bitbucket is refused with consumer_key_rejected.');
  return warnings;
}
