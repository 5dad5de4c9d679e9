import 'reflect-metadata';

import type { LoggerService } from '@nestjs/common';
import { CommandFactory } from 'nest-commander';

import { ConfigError, loadConfiguration } from '@app/config';

import { describeStartupFailure } from '../../provider/src/startup-failure';

import { CliModule } from './cli.module';
import { CLI_NAME } from './cli-name';

/** Warnings and errors on stderr, so stdout carries only the command's output (JSON stays parseable). */
class StderrLogger implements LoggerService {
  log(): void {}
  warn(message: unknown, context?: string): void {
    process.stderr.write(`warning${context ? ` [${context}]` : ''}: ${String(message)}\n`);
  }
  error(message: unknown, ...rest: unknown[]): void {
    process.stderr.write(`error: ${String(message)}${rest.length && process.env.CLI_DEBUG ? `\n${rest.join('\n')}` : ''}\n`);
  }
}

async function main(): Promise<void> {
  const configuration = loadConfiguration(process.env);
  await CommandFactory.run(CliModule.forRoot(configuration), {
    logger: new StderrLogger(),
    cliName: CLI_NAME,
    version: configuration.app.version,
    serviceErrorHandler: (error: Error) => {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 1;
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : describeStartupFailure(error)}\n`);
  process.exit(1);
});
