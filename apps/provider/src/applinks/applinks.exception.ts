/** Why an applinks or remote-apps admin operation was refused. The HTTP mapping is in applinks-exception.filter.ts. */
export enum ApplinksErrorCode {
  ConsumerNotFound = 'consumer_not_found',
  InvalidConsumerKey = 'invalid_consumer_key',
  InvalidName = 'invalid_name',
  RemoteAppNotFound = 'remote_app_not_found',
  RemoteAppNameTaken = 'remote_app_name_taken',
  InvalidUrl = 'invalid_url',
  InvalidPath = 'invalid_path',
}

/** A refused operation: a code, one readable sentence, and the input field it is about. */
export class ApplinksException extends Error {
  constructor(
    readonly code: ApplinksErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApplinksException';
  }
}
