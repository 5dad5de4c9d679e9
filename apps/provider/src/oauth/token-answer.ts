import { percentEncode } from '@app/oauth1';

import type { TokenAnswer } from './oauth.types';

/** `application/x-www-form-urlencoded` body of a token answer, RFC 3986-encoded (RFC 5849 §2.1, §2.3, §3.6). */
export function formEncode(answer: TokenAnswer): string {
  return answer.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');
}
