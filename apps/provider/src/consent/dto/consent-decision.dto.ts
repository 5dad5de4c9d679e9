import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** The consent form: which request token, the CSRF token bound to it, and the button pressed. */
export class ConsentDecisionDto {
  @IsString() @MaxLength(255)
  oauth_token: string;

  @IsOptional() @IsString() @MaxLength(128)
  csrf?: string;

  @IsIn(['allow', 'deny'])
  decision: 'allow' | 'deny';
}

/** A revoke button: only the CSRF token (the access token id is in the path). */
export class RevokeFormDto {
  @IsOptional() @IsString() @MaxLength(128)
  csrf?: string;
}
