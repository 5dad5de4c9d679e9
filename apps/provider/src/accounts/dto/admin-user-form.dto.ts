import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** The "add a user" form on /admin/users. Values are checked again, with readable messages, by UsersService. */
export class CreateUserFormDto {
  @IsString() @MaxLength(1024)
  username: string;

  @IsString() @MaxLength(1024)
  displayName: string;

  @IsOptional() @IsString() @MaxLength(1024)
  email?: string;

  @IsOptional() @IsString() @MaxLength(1024)
  password?: string;

  @IsOptional() @IsIn(['admin'])
  role?: 'admin';

  @IsOptional() @IsString() @MaxLength(128)
  csrf?: string;
}
