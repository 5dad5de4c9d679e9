import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';

import { Public } from '@app/auth';

import { renderConsumerInfoXml } from './consumer-info-xml';
import { ServiceIdentityService } from './service-identity.service';

const EXAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<consumer>
  <key>applink-provider:tools.example.com</key>
  <name>AppLink Provider (tools.example.com)</name>
  <publicKey>MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA…</publicKey>
  <description>AppLink Provider at https://tools.example.com</description>
</consumer>`;

/**
 * Atlassian's consumer-info servlet (atlassian-wire.md §2.2): anonymous, so Bitbucket's incoming link can be
 * auto-configured from it. Publishes only public data: the key, name, description and public key.
 */
@ApiTags('applinks')
@Public()
@Controller()
export class ConsumerInfoController {
  constructor(private readonly identity: ServiceIdentityService) {}

  @Get('plugins/servlet/oauth/consumer-info')
  @Header('Content-Type', 'application/xml;charset=UTF-8')
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: "This service's consumer identity in Atlassian's consumer-info XML (for Bitbucket's incoming link)." })
  @ApiProduces('application/xml')
  @ApiOkResponse({ description: 'The consumer-info document.', content: { 'application/xml': { schema: { type: 'string', example: EXAMPLE } } } })
  async consumerInfo(): Promise<string> {
    const identity = await this.identity.get();
    return renderConsumerInfoXml({ key: identity.consumerKey, name: identity.name, publicKey: identity.publicKeySpki, description: identity.description });
  }
}
