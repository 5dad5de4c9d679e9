import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  return value; // left as a string so @IsBoolean reports it
};

const toInteger = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  return /^-?\d+$/.test(String(value).trim()) ? Number(String(value).trim()) : value;
};

/**
 * Every environment variable the service reads, with its rules. Documented one by one in README.md
 * and .env.example; `validateEnvironment` turns a violation into one line naming the variable.
 */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV?: 'development' | 'production' | 'test';

  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  @IsOptional() @IsString()
  HOST?: string;

  @IsOptional() @IsString()
  PUBLIC_URL?: string;

  @IsOptional() @IsString()
  PUBLIC_URL_ALIASES?: string;

  @IsOptional() @IsString()
  DATA_DIR?: string;

  @IsOptional() @IsString()
  DATABASE_URL?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean()
  DATABASE_MIGRATIONS_RUN?: boolean;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean()
  LOG_PRETTY?: boolean;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1024) @Max(64 * 1024 * 1024)
  BODY_LIMIT_BYTES?: number;

  @IsOptional() @IsString()
  SECRETS_KEY?: string;

  @IsOptional() @IsString()
  SESSION_SECRET?: string;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(30) @Max(3600)
  OAUTH_TIMESTAMP_SKEW_SECONDS?: number;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(60)
  OAUTH_TOKEN_CACHE_SECONDS?: number;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(60) @Max(86_400)
  OAUTH_REQUEST_TOKEN_TTL_SECONDS?: number;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(60) @Max(20 * 365 * 86_400)
  OAUTH_ACCESS_TOKEN_TTL_SECONDS?: number;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(60) @Max(21 * 365 * 86_400)
  OAUTH_SESSION_TTL_SECONDS?: number;

  @IsOptional() @IsString()
  OAUTH_SIGNATURE_METHODS?: string;

  @IsOptional() @IsIn(['local', 'trusted-header'])
  AUTH_MODE?: 'local' | 'trusted-header';

  @IsOptional() @IsString()
  AUTH_TRUSTED_HEADER?: string;

  @IsOptional() @IsString()
  AUTH_TRUSTED_PROXIES?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean()
  AUTH_AUTO_CREATE_USERS?: boolean;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(60) @Max(30 * 86_400)
  AUTH_SESSION_IDLE_SECONDS?: number;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(60) @Max(90 * 86_400)
  AUTH_SESSION_MAX_SECONDS?: number;

  @IsOptional() @IsString()
  ADMIN_USERNAME?: string;

  @IsOptional() @IsString()
  ADMIN_PASSWORD?: string;
}
