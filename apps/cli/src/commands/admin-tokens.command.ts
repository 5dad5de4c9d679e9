import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';

import { UsersService } from '../../../provider/src/accounts/users.service';
import { AdminApiTokensService } from '../../../provider/src/admin-auth/admin-api-tokens.service';
import { CliError, cliActor, parsePositiveInt, printJson, printTable, runCommand } from '../cli-io';

@SubCommand({ name: 'create', description: 'Create a personal admin API token for an administrator; the value is printed once' })
export class AdminTokensCreateCommand extends CommandRunner {
  constructor(
    private readonly tokens: AdminApiTokensService,
    private readonly users: UsersService,
  ) {
    super();
  }

  @Option({ flags: '--user <username>', description: 'The administrator the token acts as', required: true })
  parseUser(value: string): string {
    return value;
  }

  @Option({ flags: '--name <name>', description: 'What the token is for, e.g. "deploy script"' })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--expires-in-days <n>', description: 'Expire after this many days (default: never)' })
  parseExpires(value: string): number {
    return parsePositiveInt(value);
  }

  @Option({ flags: '--json', description: 'Print JSON' })
  parseJson(): boolean {
    return true;
  }

  run(_: string[], flags: { user: string; name?: string; expiresInDays?: number; json?: boolean }): Promise<void> {
    return runCommand(async () => {
      const user = await this.users.findByUsername(flags.user);
      if (!user) throw new CliError(`There is no user "${flags.user}".`);
      if (user.role !== 'admin' || !user.enabled) throw new CliError(`"${user.username}" is not an enabled administrator; admin API tokens are for administrators only.`);
      const expiresAt = flags.expiresInDays ? new Date(Date.now() + flags.expiresInDays * 86_400_000) : null;
      const { token, value } = await this.tokens.create(user, flags.name ?? 'cli', cliActor(), expiresAt);
      if (flags.json) return printJson({ id: token.id, name: token.name, prefix: token.prefix, user: user.username, expiresAt, token: value });
      process.stdout.write(`Created admin API token ${token.id} (${token.name}) for ${user.username}.\nToken (shown only now; use it as "Authorization: Bearer <token>"):\n${value}\n`);
    });
  }
}

@SubCommand({ name: 'list', description: 'List admin API tokens (never their values)' })
export class AdminTokensListCommand extends CommandRunner {
  constructor(
    private readonly tokens: AdminApiTokensService,
    private readonly users: UsersService,
  ) {
    super();
  }

  @Option({ flags: '--user <username>', description: 'Only this administrator\'s tokens' })
  parseUser(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'Print JSON' })
  parseJson(): boolean {
    return true;
  }

  run(_: string[], flags: { user?: string; json?: boolean } = {}): Promise<void> {
    return runCommand(async () => {
      let userId: number | undefined;
      if (flags.user) {
        const user = await this.users.findByUsername(flags.user);
        if (!user) throw new CliError(`There is no user "${flags.user}".`);
        userId = user.id;
      }
      const rows = (await this.tokens.list(userId)).map((t) => ({
        id: t.id,
        user: t.user?.username,
        name: t.name,
        prefix: t.prefix,
        createdAt: t.createdAt,
        lastUsedAt: t.lastUsedAt,
        expiresAt: t.expiresAt,
        revokedAt: t.revokedAt,
      }));
      if (flags.json) return printJson(rows);
      printTable(rows, ['id', 'user', 'name', 'prefix', 'createdAt', 'lastUsedAt', 'expiresAt', 'revokedAt']);
    });
  }
}

@SubCommand({ name: 'revoke', arguments: '<id>', description: 'Revoke an admin API token' })
export class AdminTokensRevokeCommand extends CommandRunner {
  constructor(private readonly tokens: AdminApiTokensService) {
    super();
  }

  @Option({ flags: '--json', description: 'Print JSON' })
  parseJson(): boolean {
    return true;
  }

  run([id]: string[], flags: { json?: boolean } = {}): Promise<void> {
    return runCommand(async () => {
      const token = await this.tokens.revoke(parsePositiveInt(id), cliActor());
      if (flags.json) return printJson({ id: token.id, revokedAt: token.revokedAt });
      process.stdout.write(`Revoked admin API token ${token.id} (${token.prefix}…).\n`);
    });
  }
}

@Command({
  name: 'admin-tokens',
  description: 'Manage personal admin API tokens',
  subCommands: [AdminTokensCreateCommand, AdminTokensListCommand, AdminTokensRevokeCommand],
})
export class AdminTokensCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
