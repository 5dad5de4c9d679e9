import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Command } from 'commander';
import { InjectCommander } from 'nest-commander';

/** The name usage and help print ("applink-cli", not the script file name "main"). */
export const CLI_NAME = 'applink-cli';

@Injectable()
export class CliName implements OnModuleInit {
  constructor(@InjectCommander() private readonly commander: Command) {}

  onModuleInit(): void {
    this.commander.name(CLI_NAME);
  }
}
