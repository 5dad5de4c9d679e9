/** Why a request token cannot be shown or decided on the consent page (rendered as an HTML error, never redirected). */
export type ConsentProblem = 'token_rejected' | 'token_expired' | 'token_used';

/** Thrown by RequestTokensService.findForConsent/approve/deny (checklist A1). */
export class ConsentError extends Error {
  constructor(readonly problem: ConsentProblem) {
    super(problem === 'token_expired' ? 'This authorization request has expired.' : problem === 'token_used' ? 'This authorization request has already been decided.' : 'This authorization request is not valid.');
    this.name = 'ConsentError';
  }
}

/** What the consent page shows about a pending request token. */
export interface ConsentRequest {
  consumer: { id: number; consumerKey: string; name: string; description: string | null };
  /** `oob` or the callback URL bound at request-token time. */
  callback: string;
  /** Host (and port) of the callback, shown to the user; null for `oob`. */
  callbackHost: string | null;
  expiresAt: Date;
}

/** The outcome of an approval: where to send the browser, or the verifier to show for `oob`. */
export interface ConsentApproval {
  callback: string;
  /** callback + `oauth_token` and `oauth_verifier`; null for `oob`. */
  redirectUrl: string | null;
  verifier: string;
}
