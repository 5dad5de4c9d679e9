import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import type { Configuration } from '@app/config';

import type { ConsumerEntity } from '../consumers/consumer.entity';
import { ConsumerException } from '../consumers/consumer.exception';
import { ConsumersService } from '../consumers/consumers.service';

import { ApplinksErrorCode, ApplinksException } from './applinks.exception';
import { LinkDiagnosticsService } from './link-diagnostics.service';
import type { LinkCheck } from './link-outcome.types';
import { buildLinkSetup, type LinkSetup } from './link-setup';
import { ServiceIdentityService } from './service-identity.service';

/** The admin's view of one link: set-up values for Bitbucket and the link check. */
@Injectable()
export class LinkSetupService {
  constructor(
    private readonly consumers: ConsumersService,
    private readonly identity: ServiceIdentityService,
    private readonly diagnostics: LinkDiagnosticsService,
    private readonly config: ConfigService<Configuration, true>,
  ) {}

  get publicUrl(): string {
    return this.config.get('app', { infer: true }).publicUrl.replace(/\/+$/, '');
  }

  async setup(consumerKey: string): Promise<LinkSetup> {
    return buildLinkSetup(await this.consumer(consumerKey), this.publicUrl, await this.identity.get());
  }

  async check(consumerKey: string, limit?: number): Promise<LinkCheck> {
    await this.consumer(consumerKey);
    return this.diagnostics.check(consumerKey, limit);
  }

  async clearCheck(consumerKey: string): Promise<void> {
    await this.consumer(consumerKey);
    this.diagnostics.clear(consumerKey);
  }

  private async consumer(consumerKey: string): Promise<ConsumerEntity> {
    try {
      return await this.consumers.get(consumerKey);
    } catch (error) {
      if (error instanceof ConsumerException) throw new ApplinksException(ApplinksErrorCode.ConsumerNotFound, error.message, 'consumerKey');
      throw error;
    }
  }
}
