import { ConfigService } from '@nestjs/config';
import { CommandRunner, Option, SubCommand } from 'nest-commander';

import type { Configuration } from '@app/config';

import { ConsumersService } from '../../../provider/src/consumers/consumers.service';
import { CliError, cliActor, parseSwitch, readKeyText, readSecret, runCommand } from '../cli-io';

import { printConsumer } from './consumer-output';
import { type ConsumerSettingsFlags, ConsumerSettingsOptions, settingsFromFlags } from './consumer-settings.options';

interface CreateFlags extends ConsumerSettingsFlags {
  publicKey?: string;
  secretStdin?: boolean;
}

@SubCommand({
  name: 'create',
  arguments: '<consumerKey>',
  description: 'Register a consumer; a generated shared secret is printed once. Key: --public-key <file|->',
})
export class ConsumersCreateCommand extends ConsumerSettingsOptions {
  constructor(
    private readonly consumers: ConsumersService,
    private readonly config: ConfigService<Configuration, true>,
  ) {
    super();
  }

  @Option({ flags: '--public-key <file>', description: 'RSA public key file (PEM, base64 DER or certificate); "-" reads standard input' })
  parsePublicKey(value: string): string {
    return value;
  }

  @Option({ flags: '--secret-stdin', description: 'Read the shared secret the other side dictates from standard input (else one is generated)' })
  parseSecretStdin(): boolean {
    return true;
  }

  run([consumerKey]: string[], flags: CreateFlags = {}): Promise<void> {
    return runCommand(async () => {
      if (!flags.name) throw new CliError('--name is required.');
      if (flags.secretStdin && flags.publicKey === '-') throw new CliError('Standard input can carry the key or the secret, not both.');
      const publicKey = flags.publicKey ? await readKeyText(flags.publicKey) : undefined;
      const sharedSecret = flags.secretStdin ? await readSecret('Shared secret: ') : undefined;
      const result = await this.consumers.create(cliActor(), { ...settingsFromFlags(flags), consumerKey, name: flags.name, publicKey, sharedSecret });
      printConsumer(result.consumer, this.config.get('app', { infer: true }).publicUrl, flags.json, result.sharedSecret);
    });
  }
}

@SubCommand({ name: 'update', arguments: '<consumerKey>', description: 'Change settings (the key, secret and public key have their own commands)' })
export class ConsumersUpdateCommand extends ConsumerSettingsOptions {
  constructor(
    private readonly consumers: ConsumersService,
    private readonly config: ConfigService<Configuration, true>,
  ) {
    super();
  }

  run([consumerKey]: string[], flags: ConsumerSettingsFlags = {}): Promise<void> {
    return runCommand(async () => {
      const consumer = await this.consumers.update(cliActor(), consumerKey, settingsFromFlags(flags));
      printConsumer(consumer, this.config.get('app', { infer: true }).publicUrl, flags.json);
    });
  }
}

@SubCommand({ name: 'rotate-secret', arguments: '<consumerKey>', description: 'Replace the shared secret; the new one is printed once' })
export class ConsumersRotateSecretCommand extends CommandRunner {
  constructor(
    private readonly consumers: ConsumersService,
    private readonly config: ConfigService<Configuration, true>,
  ) {
    super();
  }

  @Option({ flags: '--secret-stdin', description: 'Read the new secret from standard input (else one is generated)' })
  parseSecretStdin(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'Print JSON' })
  parseJson(): boolean {
    return true;
  }

  run([consumerKey]: string[], flags: { json?: boolean; secretStdin?: boolean } = {}): Promise<void> {
    return runCommand(async () => {
      const supplied = flags.secretStdin ? await readSecret('New shared secret: ') : undefined;
      const result = await this.consumers.rotateSecret(cliActor(), consumerKey, supplied);
      printConsumer(result.consumer, this.config.get('app', { infer: true }).publicUrl, flags.json, result.sharedSecret);
    });
  }
}

@SubCommand({ name: 'set-public-key', arguments: '<consumerKey> <file>', description: 'Replace the RSA public key from a file ("-" reads standard input)' })
export class ConsumersSetPublicKeyCommand extends CommandRunner {
  constructor(
    private readonly consumers: ConsumersService,
    private readonly config: ConfigService<Configuration, true>,
  ) {
    super();
  }

  @Option({ flags: '--allow-legacy-key <yes|no>', description: 'Accept a 1024-bit RSA key' })
  parseAllowLegacyKey(value: string): boolean {
    return parseSwitch(value);
  }

  @Option({ flags: '--json', description: 'Print JSON' })
  parseJson(): boolean {
    return true;
  }

  run([consumerKey, file]: string[], flags: { allowLegacyKey?: boolean; json?: boolean } = {}): Promise<void> {
    return runCommand(async () => {
      const consumer = await this.consumers.replacePublicKey(cliActor(), consumerKey, await readKeyText(file), flags.allowLegacyKey);
      printConsumer(consumer, this.config.get('app', { infer: true }).publicUrl, flags.json);
    });
  }
}
