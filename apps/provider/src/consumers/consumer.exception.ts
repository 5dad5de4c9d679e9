/** Why a consumer operation was refused. The HTTP mapping is in consumer-exception.filter.ts (one place). */
export enum ConsumerErrorCode {
  NotFound = 'consumer_not_found',
  KeyTaken = 'consumer_key_taken',
  KeyRetired = 'consumer_key_retired',
  InvalidKey = 'invalid_consumer_key',
  InvalidName = 'invalid_name',
  InvalidPublicKey = 'invalid_public_key',
  InvalidCallbackUrl = 'invalid_callback_url',
  InvalidSecret = 'invalid_shared_secret',
  InvalidSignatureMethods = 'invalid_signature_methods',
  CredentialsRequired = 'credentials_required',
  UnknownUser = 'unknown_user',
}

/** A refused consumer operation: a code, one readable sentence, and the input field it is about. */
export class ConsumerException extends Error {
  constructor(
    readonly code: ConsumerErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ConsumerException';
  }
}
