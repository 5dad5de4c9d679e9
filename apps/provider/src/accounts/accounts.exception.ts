/** Why an account operation was refused; the pages, the admin API and the CLI word these for their audience. */
export enum AccountsErrorCode {
  USERNAME_INVALID = 'username_invalid',
  USERNAME_TAKEN = 'username_taken',
  DISPLAY_NAME_INVALID = 'display_name_invalid',
  EMAIL_INVALID = 'email_invalid',
  PASSWORD_TOO_SHORT = 'password_too_short',
  PASSWORD_TOO_LONG = 'password_too_long',
  USER_NOT_FOUND = 'user_not_found',
}

/** HTTP status for each code (one exhaustive mapping, used by the admin API and pages). */
export const ACCOUNTS_ERROR_STATUS: Record<AccountsErrorCode, number> = {
  [AccountsErrorCode.USERNAME_INVALID]: 400,
  [AccountsErrorCode.USERNAME_TAKEN]: 409,
  [AccountsErrorCode.DISPLAY_NAME_INVALID]: 400,
  [AccountsErrorCode.EMAIL_INVALID]: 400,
  [AccountsErrorCode.PASSWORD_TOO_SHORT]: 400,
  [AccountsErrorCode.PASSWORD_TOO_LONG]: 400,
  [AccountsErrorCode.USER_NOT_FOUND]: 404,
};

export class AccountsException extends Error {
  constructor(
    readonly code: AccountsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AccountsException';
  }

  get status(): number {
    return ACCOUNTS_ERROR_STATUS[this.code];
  }
}
