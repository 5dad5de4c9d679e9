import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';

import { UsersService } from '../../../provider/src/accounts/users.service';
import { AuditService } from '../../../provider/src/audit/audit.service';
import { cliActor, printJson, readSecret, runCommand } from '../cli-io';

interface CreateUserFlags {
  admin?: boolean;
  displayName?: string;
  email?: string;
  noPassword?: boolean;
  json?: boolean;
}

@SubCommand({
  name: 'create',
  arguments: '<username>',
  description: 'Create an account; the password is read from standard input or a hidden prompt',
})
export class UsersCreateCommand extends CommandRunner {
  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {
    super();
  }

  @Option({ flags: '--admin', description: 'Give the account the admin role' })
  parseAdmin(): boolean {
    return true;
  }

  @Option({ flags: '--display-name <name>', description: 'Full name (default: the username)' })
  parseDisplayName(value: string): string {
    return value;
  }

  @Option({ flags: '--email <address>', description: 'E-mail address' })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--no-password', description: 'No password: the account signs in only through the trusted single-sign-on header' })
  parseNoPassword(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'Print JSON' })
  parseJson(): boolean {
    return true;
  }

  run([username]: string[], flags: CreateUserFlags = {}): Promise<void> {
    return runCommand(async () => {
      // commander turns --no-password into password=false
      const withoutPassword = flags.noPassword === true || (flags as { password?: boolean }).password === false;
      const password = withoutPassword ? null : await readSecret('Password: ');
      const role = flags.admin ? 'admin' : 'user';
      const user = await this.users.create({ username, displayName: flags.displayName ?? username, email: flags.email ?? null, role, password });
      const actor = cliActor();
      await this.audit.record({ actor: actor.label, action: 'user.created', targetType: 'user', targetId: user.username, details: { role } });
      const shown = { id: user.id, username: user.username, displayName: user.displayName, email: user.email, role: user.role, enabled: user.enabled };
      if (flags.json) printJson(shown);
      else process.stdout.write(`Created ${user.role === 'admin' ? 'administrator' : 'user'} ${user.username} (id ${user.id}).\n`);
    });
  }
}

@Command({ name: 'users', description: 'Manage accounts', subCommands: [UsersCreateCommand] })
export class UsersCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
