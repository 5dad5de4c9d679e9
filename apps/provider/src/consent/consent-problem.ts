import { PageError } from '../web/page-error';
import type { ConsentProblem } from '../oauth/consent-error';

/** The HTML error for a request token that cannot be decided on (checklist A1: an error page, never a redirect). */
export function consentPageError(problem: ConsentProblem, headers: Record<string, string>): PageError {
  switch (problem) {
    case 'token_expired':
      return new PageError(410, 'This request has expired', 'Authorization requests are valid for a few minutes. Go back to the application and start again.', headers);
    case 'token_used':
      return new PageError(409, 'This request was already answered', 'Access was already allowed or denied for this request. Go back to the application and start again if needed.', headers);
    case 'token_rejected':
      return new PageError(404, 'Unknown authorization request', 'This link does not belong to a valid authorization request. Go back to the application and start again.', headers);
  }
}
