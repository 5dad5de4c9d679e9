import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

import { PageMetaDto } from '../../common/page';
import type { UserPage } from '../users.service';
import type { UserEntity } from '../user.entity';

/** POST /api/admin/users. */
export class CreateUserDto {
  @ApiProperty({ description: 'Login name, compared byte for byte; what Atlassian sends as xoauth_requestor_id.', example: 'alice' })
  @IsString() @MinLength(1) @MaxLength(255)
  username: string;

  @ApiProperty({ example: 'Alice Liddell' })
  @IsString() @MinLength(1) @MaxLength(255)
  displayName: string;

  @ApiPropertyOptional({ example: 'alice@example.com', nullable: true, type: String })
  @IsOptional() @IsEmail() @MaxLength(320)
  email?: string | null;

  @ApiPropertyOptional({ enum: ['user', 'admin'], default: 'user', example: 'user' })
  @IsOptional() @IsIn(['user', 'admin'])
  role?: 'user' | 'admin';

  @ApiPropertyOptional({ description: 'At least 10 characters; omit for single-sign-on-only accounts. Never returned.', example: 'correct horse battery staple' })
  @IsOptional() @IsString() @MaxLength(256)
  password?: string;
}

/** PATCH /api/admin/users/{id}: any subset. */
export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Alice Liddell' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(255)
  displayName?: string;

  @ApiPropertyOptional({ example: 'alice@example.com', nullable: true, type: String })
  @IsOptional() @IsEmail() @MaxLength(320)
  email?: string | null;

  @ApiPropertyOptional({ enum: ['user', 'admin'], example: 'admin' })
  @IsOptional() @IsIn(['user', 'admin'])
  role?: 'user' | 'admin';

  @ApiPropertyOptional({ description: 'false ends the account’s sessions and stops its applications at once.', example: false })
  @IsOptional() @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ description: 'A new password (ends the account’s sessions). Never returned.', example: 'another long passphrase' })
  @IsOptional() @IsString() @MaxLength(256)
  password?: string;
}

/** A user as the admin API shows it (never the password hash). */
export class UserResponseDto {
  @ApiProperty({ example: 7 })
  id: number;

  @ApiProperty({ example: 'alice' })
  username: string;

  @ApiProperty({ example: 'Alice Liddell' })
  displayName: string;

  @ApiProperty({ example: 'alice@example.com', nullable: true, type: String })
  email: string | null;

  @ApiProperty({ enum: ['user', 'admin'], example: 'user' })
  role: 'user' | 'admin';

  @ApiProperty({ example: true })
  enabled: boolean;

  @ApiProperty({ description: 'Whether the account has a password (else it signs in only through single sign-on).', example: true })
  hasPassword: boolean;

  @ApiProperty({ example: '2026-12-04T17:20:00.000Z' })
  createdAt: Date;

  @ApiProperty({ example: '2026-12-04T17:20:00.000Z' })
  updatedAt: Date;

  static from(user: UserEntity): UserResponseDto {
    const { id, username, displayName, email, role, enabled, createdAt, updatedAt } = user;
    return { id, username, displayName, email, role, enabled, hasPassword: user.passwordHash !== null, createdAt, updatedAt };
  }
}

export class UserPageDto extends PageMetaDto {
  @ApiProperty({ type: UserResponseDto, isArray: true })
  items: UserResponseDto[];

  static from(page: UserPage): UserPageDto {
    return { ...page, items: page.items.map((u) => UserResponseDto.from(u)) };
  }
}
