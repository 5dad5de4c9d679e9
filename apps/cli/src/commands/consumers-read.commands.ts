import { ConfigService } from '@nestjs/config';
import { CommandRunner, Option, SubCommand } from 'nest-commander';

import type { Configuration } from '@app/config';

import { ConsumersService } from '../../../provider/src/consumers/consumers.service';
import { ConsumerPageDto } from '../../../provider/src/consumers/dto/consumer-response.dto';
import { parsePositiveInt, printJson, printTable, runCommand } from '../cli-io';

import { printConsumer } from './consumer-output';

@SubCommand({ name: 'list', description: 'List consumers' })
export class ConsumersListCommand extends CommandRunner {
  constructor(private readonly consumers: ConsumersService) {
    super();
  }

  @Option({ flags: '--page <n>', description: 'Page number (default 1)' })
  parsePage(value: string): number {
    return parsePositiveInt(value);
  }

  @Option({ flags: '--page-size <n>', description: 'Consumers per page (default 50, at most 500)' })
  parsePageSize(value: string): number {
    return Math.min(500, parsePositiveInt(value));
  }

  @Option({ flags: '--search <text>', description: 'Part of the key or name' })
  parseSearch(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'Print JSON' })
  parseJson(): boolean {
    return true;
  }

  run(_: string[], flags: { page?: number; pageSize?: number; search?: string; json?: boolean } = {}): Promise<void> {
    return runCommand(async () => {
      const page = ConsumerPageDto.from(await this.consumers.list({ page: flags.page ?? 1, pageSize: flags.pageSize ?? 50, search: flags.search }));
      if (flags.json) return printJson(page);
      printTable(
        page.items.map((c) => ({ key: c.consumerKey, name: c.name, methods: c.signatureMethods, enabled: c.enabled ? 'yes' : 'no', fingerprint: c.publicKey?.fingerprintSha256.slice(0, 16) })),
        ['key', 'name', 'methods', 'enabled', 'fingerprint'],
      );
      process.stdout.write(`${page.total} consumer(s)${page.total > page.items.length ? `, page ${page.page}` : ''}\n`);
    });
  }
}

@SubCommand({ name: 'show', arguments: '<consumerKey>', description: 'Show a consumer and the values to paste into Bitbucket/Jira' })
export class ConsumersShowCommand extends CommandRunner {
  constructor(
    private readonly consumers: ConsumersService,
    private readonly config: ConfigService<Configuration, true>,
  ) {
    super();
  }

  @Option({ flags: '--json', description: 'Print JSON' })
  parseJson(): boolean {
    return true;
  }

  run([consumerKey]: string[], flags: { json?: boolean } = {}): Promise<void> {
    return runCommand(async () => printConsumer(await this.consumers.get(consumerKey), this.config.get('app', { infer: true }).publicUrl, flags.json));
  }
}
