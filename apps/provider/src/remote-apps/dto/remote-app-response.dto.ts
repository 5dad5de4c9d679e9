import { ApiProperty } from '@nestjs/swagger';

import type { ServiceIdentity } from '../../applinks/service-identity.types';
import type { RemoteAppEntity } from '../remote-app.entity';
import { accessTokenUrl, authorizeUrl, requestTokenUrl } from '../remote-app-urls';

/** What the remote's admin enters in the link's Incoming Authentication for this service. */
class IncomingLinkDto {
  @ApiProperty({ example: 'applink-provider:tools.example.com' })
  consumerKey: string;

  @ApiProperty({ example: 'AppLink Provider (tools.example.com)' })
  consumerName: string;

  @ApiProperty({ example: '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA…\n-----END PUBLIC KEY-----\n' })
  publicKeyPem: string;

  @ApiProperty({ example: 'https://tools.example.com/plugins/servlet/oauth/consumer-info' })
  consumerInfoUrl: string;

  @ApiProperty({ description: 'Tick "Allow 2-Legged OAuth" on the remote.', example: false })
  allowTwoLegged: boolean;

  @ApiProperty({ description: 'Tick "Allow user impersonation through 2-Legged OAuth" on the remote.', example: false })
  allowImpersonation: boolean;
}

export class RemoteAppResponseDto {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiProperty({ example: 'Bitbucket' })
  name: string;

  @ApiProperty({ example: 'bitbucket' })
  type: string;

  @ApiProperty({ example: 'https://bitbucket.example.com' })
  baseUrl: string;

  @ApiProperty({ nullable: true, type: String, example: null })
  rpcUrl: string | null;

  @ApiProperty({ example: '/plugins/servlet/oauth/request-token' })
  requestTokenPath: string;

  @ApiProperty({ example: '/plugins/servlet/oauth/authorize' })
  authorizePath: string;

  @ApiProperty({ example: '/plugins/servlet/oauth/access-token' })
  accessTokenPath: string;

  @ApiProperty({ description: 'Resolved absolute URLs.', example: { requestToken: 'https://bitbucket.example.com/plugins/servlet/oauth/request-token', authorize: 'https://bitbucket.example.com/plugins/servlet/oauth/authorize', accessToken: 'https://bitbucket.example.com/plugins/servlet/oauth/access-token' } })
  urls: { requestToken: string; authorize: string; accessToken: string };

  @ApiProperty({ example: false })
  twoLeggedEnabled: boolean;

  @ApiProperty({ example: false })
  impersonationEnabled: boolean;

  @ApiProperty({ example: true })
  enabled: boolean;

  @ApiProperty({ description: 'The consumer key this service signs with (its own identity).', example: 'applink-provider:tools.example.com' })
  consumerKey: string;

  @ApiProperty({ description: 'Where the remote sends users back after they authorize.', example: 'https://tools.example.com/remote-apps/1/callback' })
  callbackUrl: string;

  @ApiProperty({ type: IncomingLinkDto })
  incomingLink: IncomingLinkDto;

  @ApiProperty({ example: '2026-12-04T17:30:00.000Z' })
  createdAt: Date;

  @ApiProperty({ example: '2026-12-04T17:30:00.000Z' })
  updatedAt: Date;

  static from(app: RemoteAppEntity, identity: ServiceIdentity, publicUrl: string, callbackUrl: string): RemoteAppResponseDto {
    const base = publicUrl.replace(/\/+$/, '');
    return Object.assign(new RemoteAppResponseDto(), {
      id: app.id,
      name: app.name,
      type: app.type,
      baseUrl: app.baseUrl,
      rpcUrl: app.rpcUrl,
      requestTokenPath: app.requestTokenPath,
      authorizePath: app.authorizePath,
      accessTokenPath: app.accessTokenPath,
      urls: { requestToken: requestTokenUrl(app), authorize: authorizeUrl(app), accessToken: accessTokenUrl(app) },
      twoLeggedEnabled: app.twoLeggedEnabled,
      impersonationEnabled: app.impersonationEnabled,
      enabled: app.enabled,
      consumerKey: identity.consumerKey,
      callbackUrl,
      incomingLink: {
        consumerKey: identity.consumerKey,
        consumerName: identity.name,
        publicKeyPem: identity.publicKeyPem,
        consumerInfoUrl: `${base}/plugins/servlet/oauth/consumer-info`,
        allowTwoLegged: app.twoLeggedEnabled,
        allowImpersonation: app.impersonationEnabled,
      },
      createdAt: app.createdAt,
      updatedAt: app.updatedAt,
    });
  }
}
