import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';

import { AccountsException } from '../../provider/src/accounts/accounts.exception';
import { AdminApiTokenNotFoundError } from '../../provider/src/admin-auth/admin-api-tokens.service';
import type { AuditActor } from '../../provider/src/audit/audit.types';
import { ConsumerException } from '../../provider/src/consumers/consumer.exception';

/** A refusal the CLI reports in one line (exit code 1), without a stack trace. */
export class CliError extends Error {}

/** Who the audit log names for CLI changes: `cli:<os user>`. */
export function cliActor(): AuditActor {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (some containers): the audit log still says it came from the CLI
  }
  return { label: `cli:${name}`, ipAddress: null };
}

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new CliError('Nothing on standard input: pipe the value in, e.g. `cat key.pem | … -`.');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** A key from a file path, or from standard input when the path is `-`. */
export async function readKeyText(path: string): Promise<string> {
  if (path === '-') return readStdin();
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** A secret or password: the first line of standard input, or a hidden prompt on a terminal. */
export async function readSecret(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) return (await readStdin()).replace(/\r?\n$/, '');
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput: (text: string) => void };
    process.stderr.write(prompt);
    // Echo nothing while the secret is typed.
    output._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printTable(rows: Array<Record<string, unknown>>, columns: string[]): void {
  const cells = rows.map((row) => columns.map((c) => formatCell(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  process.stdout.write(`${[line(columns), ...cells.map(line)].join('\n')}\n`);
}

export function printFields(fields: Record<string, unknown>): void {
  const width = Math.max(...Object.keys(fields).map((k) => k.length));
  for (const [key, value] of Object.entries(fields)) process.stdout.write(`${key.padEnd(width)}  ${formatCell(value)}\n`);
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `yes|no|true|false|on|off` for settings switches. */
export function parseSwitch(value: string): boolean {
  const text = value.trim().toLowerCase();
  if (['yes', 'true', 'on', '1'].includes(text)) return true;
  if (['no', 'false', 'off', '0'].includes(text)) return false;
  throw new CliError(`"${value}" is not yes or no.`);
}

export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new CliError(`"${value}" is not a positive whole number.`);
  return Number(value);
}

/** Runs a command body and turns expected refusals into one line on stderr and exit code 1. */
export async function runCommand(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof CliError || error instanceof ConsumerException || error instanceof AccountsException || error instanceof AdminApiTokenNotFoundError) {
      const code = (error as { code?: string }).code;
      process.stderr.write(`error: ${error.message}${code ? ` (${code})` : ''}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}
