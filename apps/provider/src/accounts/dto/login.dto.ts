import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The sign-in form (application/x-www-form-urlencoded). */
export class LoginDto {
  @IsString() @MaxLength(255)
  username: string;

  /** Longer than any accepted password, so the over-long case is answered like any wrong password. */
  @IsString() @MaxLength(1024)
  password: string;

  @IsOptional() @IsString() @MaxLength(2048)
  next?: string;

  @IsOptional() @IsString() @MaxLength(128)
  csrf?: string;
}

/** The sign-out form. */
export class CsrfFormDto {
  @IsOptional() @IsString() @MaxLength(128)
  csrf?: string;
}
