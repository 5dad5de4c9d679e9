import { Controller, Get, Headers, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { Public } from '@app/auth';

import { StaticAssets } from './static-assets';

/** GET /static/<file>: the stylesheet and icon of the pages. */
@ApiExcludeController()
@Public()
@Controller('static')
export class StaticController {
  constructor(private readonly assets: StaticAssets) {}

  @Get(':name')
  serve(@Param('name') name: string, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): FastifyReply {
    const asset = this.assets.get(name);
    if (!asset) throw new NotFoundException();
    reply.header('cache-control', 'public, max-age=86400');
    reply.header('etag', asset.etag);
    if (ifNoneMatch === asset.etag) return reply.code(304).send();
    return reply.type(asset.contentType).send(asset.body);
  }
}
