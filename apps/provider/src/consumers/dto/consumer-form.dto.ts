import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

const toArray = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);
const CHECKBOX = ['on', 'yes', 'true', '1'];

/**
 * The consumer form of the admin pages (application/x-www-form-urlencoded). Only shapes are checked here; the
 * rules, with the sentences shown inline, are ConsumersService's.
 */
export class ConsumerFormDto {
  @IsOptional() @IsString() @MaxLength(1024)
  consumerKey?: string;

  @IsOptional() @IsString() @MaxLength(1024)
  name?: string;

  @IsOptional() @IsString() @MaxLength(4000)
  description?: string;

  @IsOptional() @Transform(toArray) @IsArray() @IsString({ each: true }) @MaxLength(32, { each: true })
  methods?: string[];

  @IsOptional() @IsString() @MaxLength(1024)
  sharedSecret?: string;

  @IsOptional() @IsString() @MaxLength(20_000)
  publicKey?: string;

  @IsOptional() @IsString() @MaxLength(2048)
  callbackUrl?: string;

  @IsOptional() @IsString() @MaxLength(255)
  twoLeggedExecuteAs?: string;

  @IsOptional() @IsIn(CHECKBOX)
  allowLegacyKey?: string;

  @IsOptional() @IsIn(CHECKBOX)
  allowThreeLegged?: string;

  @IsOptional() @IsIn(CHECKBOX)
  allowTwoLegged?: string;

  @IsOptional() @IsIn(CHECKBOX)
  allowImpersonation?: string;

  @IsOptional() @IsIn(CHECKBOX)
  allowTokenRenewal?: string;

  @IsOptional() @IsIn(CHECKBOX)
  enabled?: string;

  @IsOptional() @IsString() @MaxLength(128)
  csrf?: string;
}

/** A form with nothing but its CSRF token, plus the optional typed secret of "rotate secret". */
export class ConsumerActionFormDto {
  @IsOptional() @IsString() @MaxLength(1024)
  sharedSecret?: string;

  @IsOptional() @IsString() @MaxLength(128)
  csrf?: string;
}

export const checked = (value: string | undefined): boolean => value !== undefined && CHECKBOX.includes(value);
