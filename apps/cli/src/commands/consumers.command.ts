import { Command, CommandRunner } from 'nest-commander';

import { ConsumersListCommand, ConsumersShowCommand } from './consumers-read.commands';
import { ConsumersDeleteCommand, ConsumersDisableCommand, ConsumersEnableCommand } from './consumers-state.commands';
import { ConsumersCreateCommand, ConsumersRotateSecretCommand, ConsumersSetPublicKeyCommand, ConsumersUpdateCommand } from './consumers-write.commands';

export const CONSUMER_SUBCOMMANDS = [
  ConsumersListCommand,
  ConsumersShowCommand,
  ConsumersCreateCommand,
  ConsumersUpdateCommand,
  ConsumersRotateSecretCommand,
  ConsumersSetPublicKeyCommand,
  ConsumersDisableCommand,
  ConsumersEnableCommand,
  ConsumersDeleteCommand,
];

@Command({ name: 'consumers', description: 'Manage OAuth consumers (Bitbucket, Jira, scripts)', subCommands: CONSUMER_SUBCOMMANDS })
export class ConsumersCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
