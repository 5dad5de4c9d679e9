import { CommandRunner, Option } from 'nest-commander';

import type { ConsumerSettingsInput } from '../../../provider/src/consumers/consumer.types';
import { parseSwitch } from '../cli-io';

/** Flags shared by `consumers create` and `consumers update`; a subclass turns them into ConsumerSettingsInput. */
export abstract class ConsumerSettingsOptions extends CommandRunner {
  @Option({ flags: '--name <name>', description: 'Display name, e.g. "Bitbucket (production)"' })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--description <text>', description: 'Free text shown on the consent page' })
  parseDescription(value: string): string {
    return value;
  }

  @Option({ flags: '--methods <list>', description: 'Comma-separated: HMAC-SHA1, RSA-SHA1, PLAINTEXT' })
  parseMethods(value: string): string[] {
    return value.split(',').map((m) => m.trim()).filter(Boolean);
  }

  @Option({ flags: '--callback-url <url>', description: 'Base URL every oauth_callback must match ("" for oob only)' })
  parseCallbackUrl(value: string): string {
    return value;
  }

  @Option({ flags: '--allow-legacy-key <yes|no>', description: 'Accept a 1024-bit RSA key' })
  parseAllowLegacyKey(value: string): boolean {
    return parseSwitch(value);
  }

  @Option({ flags: '--three-legged <yes|no>', description: 'Allow the 3-legged (user consent) flow' })
  parseThreeLegged(value: string): boolean {
    return parseSwitch(value);
  }

  @Option({ flags: '--two-legged <yes|no>', description: 'Allow 2-legged calls' })
  parseTwoLegged(value: string): boolean {
    return parseSwitch(value);
  }

  @Option({ flags: '--execute-as <username>', description: 'User 2-legged calls run as ("" for anonymous)' })
  parseExecuteAs(value: string): string {
    return value;
  }

  @Option({ flags: '--impersonation <yes|no>', description: 'Allow 2-legged calls with xoauth_requestor_id' })
  parseImpersonation(value: string): boolean {
    return parseSwitch(value);
  }

  @Option({ flags: '--token-renewal <yes|no>', description: 'Offer oauth_session_handle renewal' })
  parseTokenRenewal(value: string): boolean {
    return parseSwitch(value);
  }

  @Option({ flags: '--enabled <yes|no>', description: 'Enabled (default yes)' })
  parseEnabled(value: string): boolean {
    return parseSwitch(value);
  }

  @Option({ flags: '--json', description: 'Print JSON for scripts' })
  parseJson(): boolean {
    return true;
  }
}

export interface ConsumerSettingsFlags {
  name?: string;
  description?: string;
  methods?: string[];
  callbackUrl?: string;
  allowLegacyKey?: boolean;
  threeLegged?: boolean;
  twoLegged?: boolean;
  executeAs?: string;
  impersonation?: boolean;
  tokenRenewal?: boolean;
  enabled?: boolean;
  json?: boolean;
}

export function settingsFromFlags(flags: ConsumerSettingsFlags): ConsumerSettingsInput {
  const settings: ConsumerSettingsInput = {
    name: flags.name,
    description: flags.description,
    signatureMethods: flags.methods,
    callbackUrl: flags.callbackUrl,
    allowLegacyKey: flags.allowLegacyKey,
    allowThreeLegged: flags.threeLegged,
    allowTwoLegged: flags.twoLegged,
    twoLeggedExecuteAs: flags.executeAs,
    allowImpersonation: flags.impersonation,
    allowTokenRenewal: flags.tokenRenewal,
    enabled: flags.enabled,
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as ConsumerSettingsInput;
}
