/**
 * Errors of the signed client. Callers catch {@link ReauthorizationRequiredError} to show a "Reconnect" prompt,
 * the way Bitbucket turns token_expired/token_rejected/token_revoked into "Authenticate" (atlassian-wire.md §6).
 */
export class RemoteAppError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The remote application does not exist, is disabled, or none/several match when no id was given. */
export class RemoteAppUnavailableError extends RemoteAppError {}

/** A 2-legged or impersonation call to a remote where the admin has not enabled that kind of call. */
export class RemoteCallNotAllowedError extends RemoteAppError {
  constructor(
    readonly remoteAppId: number,
    readonly callKind: '2-legged' | 'impersonation',
  ) {
    super(`${callKind} calls are not enabled for remote application ${remoteAppId}`);
  }
}

/** The user has no usable token at the remote (never connected, or the remote dropped it): run the dance again. */
export class ReauthorizationRequiredError extends RemoteAppError {
  constructor(
    readonly remoteAppId: number,
    readonly userId: number,
    /** `not_connected`, or the remote's `token_expired` / `token_rejected` / `token_revoked`. */
    readonly reason: string,
  ) {
    super(`the user must (re)connect to remote application ${remoteAppId}: ${reason}`);
  }
}

/** The remote answered with an OAuth problem (`WWW-Authenticate: OAuth …, oauth_problem="…"`). */
export class RemoteOAuthError extends RemoteAppError {
  constructor(
    readonly status: number,
    readonly problem: string,
    readonly advice: string | null,
    readonly params: Record<string, string>,
  ) {
    super(`OAuth authentication failed: ${problem}${advice ? ` (${advice})` : ''}`);
  }
}

/** The remote could not be reached, timed out, or answered a token request with something unusable. */
export class RemoteRequestError extends RemoteAppError {
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}
