import type { LinkCause, LinkOutcomeInput } from './link-outcome.types';

/** Skew above which a clock is worth mentioning even when it is inside the accepted window. */
const NOTABLE_SKEW_SECONDS = 60;

/** `https://tools.corp:8443/x` → `tools.corp:8443` (default ports dropped by WHATWG URL). */
function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

function schemeOf(url: string): string | null {
  try {
    return new URL(url).protocol.replace(':', '');
  } catch {
    return null;
  }
}

/** The origin the client most likely signed: the proxy's forwarded values win over the Host header. */
function observedOrigin(input: LinkOutcomeInput): { host: string | null; scheme: string | null } {
  const host = (input.forwardedHost?.split(',')[0] ?? input.requestHost)?.trim().toLowerCase() || null;
  const scheme = input.forwardedProto?.split(',')[0]?.trim().toLowerCase() || null;
  return { host: host?.replace(/:(80|443)$/, '') ?? null, scheme };
}

/**
 * A public URL / proxy mismatch: the request reached us under a host (or scheme) that none of the configured public
 * URLs has. Bitbucket signs the exact URL it calls (atlassian-wire.md §3), so the base strings then differ.
 */
function urlMismatch(input: LinkOutcomeInput): LinkCause | null {
  const tried = input.publicUrlTried ?? [];
  const observed = observedOrigin(input);
  if (tried.length === 0 || !observed.host) return null;
  const hostKnown = tried.some((url) => hostOf(url)?.replace(/:(80|443)$/, '') === observed.host);
  const schemeKnown = !observed.scheme || tried.some((url) => schemeOf(url) === observed.scheme);
  if (hostKnown && schemeKnown) return null;
  const seen = `${observed.scheme ?? '?'}://${observed.host}`;
  return {
    code: 'public-url-mismatch',
    message:
      `The request arrived as ${seen}, but signatures are checked against ${tried.join(', ')}. The consumer signs the URL it calls ` +
      '(the Application URL of the link): make PUBLIC_URL (or PUBLIC_URL_ALIASES) that URL, or fix the reverse proxy so the two agree.',
  };
}

function clockCause(skew: number | undefined, refused: boolean): LinkCause | null {
  if (skew === undefined || (!refused && Math.abs(skew) < NOTABLE_SKEW_SECONDS)) return null;
  const direction = skew > 0 ? 'ahead of' : 'behind';
  return {
    code: 'clock-skew',
    message: `The consumer's clock is ${Math.abs(Math.round(skew))} s ${direction} this server's. Run NTP on both servers (RFC 5849 §3.3 timestamps must be close).`,
  };
}

/** The likely causes of a failed request, most likely first; none for a success. */
export function diagnoseOutcome(input: LinkOutcomeInput): LinkCause[] {
  if (input.ok) return [];
  const causes: LinkCause[] = [];
  const push = (cause: LinkCause | null) => cause && causes.push(cause);
  switch (input.problem) {
    case 'signature_invalid': {
      if (input.signatureValidFor) {
        // Proven: the credentials are right, only the URL differs.
        push({
          code: 'public-url-mismatch',
          message:
            `The signature is valid for ${input.signatureValidFor}, but this service checks signatures against ${(input.publicUrlTried ?? []).join(', ') || 'its public URL'}. ` +
            'The consumer calls the service under that URL (the Application URL or RPC URL of the link): add it to PUBLIC_URL_ALIASES, or change the link and the reverse proxy to use the public URL.',
        });
        push(clockCause(input.timestampSkewSeconds, false));
        break;
      }
      push(urlMismatch(input));
      push(clockCause(input.timestampSkewSeconds, false));
      if (input.signatureMethod === 'RSA-SHA1') {
        push({ code: 'wrong-public-key', message: 'The public key registered for this consumer does not match the key it signs with: paste its current public key (or re-read its consumer-info).' });
      } else {
        push({
          code: 'wrong-secret',
          message: "The shared secret in the remote's Outgoing Authentication differs from the one here: rotate the secret and paste the new value. If the secret is right, check that the proxy forwards the path, query and body unchanged.",
        });
      }
      break;
    }
    case 'timestamp_refused':
      push(clockCause(input.timestampSkewSeconds, true) ?? { code: 'clock-skew', message: "The consumer's clock is outside the accepted window. Run NTP on both servers." });
      break;
    case 'token_rejected':
    case 'token_expired':
    case 'token_revoked':
    case 'token_used':
      push({ code: 'token-invalid', message: `The token is no longer valid (${input.problem}); Bitbucket deletes it and asks the user to authenticate again.` });
      break;
    case 'consumer_key_unknown':
      push({ code: 'unknown-consumer', message: 'No consumer has this key here: compare the Consumer Key in the remote\'s Outgoing Authentication with the registry.' });
      break;
    case 'consumer_key_rejected':
      push({ code: 'consumer-disabled', message: 'The consumer is disabled here; enable it to let the link work again.' });
      break;
    case 'signature_method_rejected':
      push({ code: 'method-not-allowed', message: `The consumer signed with ${input.signatureMethod ?? 'a method'} it is not allowed to use here (Bitbucket's outgoing links use HMAC-SHA1).` });
      break;
    case 'permission_denied':
    case 'permission_unknown':
      push({ code: 'permission-denied', message: input.advice ?? 'The user denied access, has not decided yet, or 2-legged calls are not enabled for this consumer.' });
      break;
    case 'nonce_used':
      push({ code: 'replay', message: 'The same nonce was used twice: a retried or replayed request.' });
      break;
    case 'parameter_absent':
    case 'parameter_rejected':
    case 'version_rejected':
      push({ code: 'malformed-request', message: input.advice ?? 'The request is missing or repeats an OAuth parameter.' });
      break;
    default:
      push({ code: 'other', message: input.advice ?? `OAuth problem ${input.problem ?? 'unknown'}.` });
  }
  return causes;
}
