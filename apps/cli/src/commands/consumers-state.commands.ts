import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CommandRunner, Option, SubCommand } from 'nest-commander';

import type { Configuration } from '@app/config';

import { ConsumersService } from '../../../provider/src/consumers/consumers.service';
import { CliError, cliActor, printJson, runCommand } from '../cli-io';

import { printConsumer } from './consumer-output';

@Injectable()
abstract class ConsumerSwitchCommand extends CommandRunner {
  protected abstract readonly enabled: boolean;

  constructor(
    private readonly consumers: ConsumersService,
    private readonly config: ConfigService<Configuration, true>,
  ) {
    super();
  }

  run([consumerKey]: string[], flags: { json?: boolean } = {}): Promise<void> {
    return runCommand(async () => {
      const consumer = await this.consumers.setEnabled(cliActor(), consumerKey, this.enabled);
      printConsumer(consumer, this.config.get('app', { infer: true }).publicUrl, flags.json);
    });
  }
}

@SubCommand({ name: 'disable', arguments: '<consumerKey>', description: 'Disable a consumer and revoke its tokens' })
export class ConsumersDisableCommand extends ConsumerSwitchCommand {
  protected readonly enabled = false;

  @Option({ flags: '--json', description: 'Print JSON' })
  parseJson(): boolean {
    return true;
  }
}

@SubCommand({ name: 'enable', arguments: '<consumerKey>', description: 'Enable a consumer again' })
export class ConsumersEnableCommand extends ConsumerSwitchCommand {
  protected readonly enabled = true;

  @Option({ flags: '--json', description: 'Print JSON' })
  parseJson(): boolean {
    return true;
  }
}

@SubCommand({ name: 'delete', arguments: '<consumerKey>', description: 'Delete a consumer (its key is never reused); needs --yes' })
export class ConsumersDeleteCommand extends CommandRunner {
  constructor(private readonly consumers: ConsumersService) {
    super();
  }

  @Option({ flags: '--yes', description: 'Confirm the deletion' })
  parseYes(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'Print JSON' })
  parseJson(): boolean {
    return true;
  }

  run([consumerKey]: string[], flags: { yes?: boolean; json?: boolean } = {}): Promise<void> {
    return runCommand(async () => {
      if (!flags.yes) throw new CliError(`Deleting "${consumerKey}" revokes its tokens and retires its key for good; add --yes to confirm.`);
      await this.consumers.delete(cliActor(), consumerKey);
      if (flags.json) printJson({ consumerKey, deleted: true });
      else process.stdout.write(`Deleted consumer ${consumerKey}.\n`);
    });
  }
}
