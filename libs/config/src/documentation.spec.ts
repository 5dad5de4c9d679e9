import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ENVIRONMENT_VARIABLE_NAMES } from './validate-env';

const root = resolve(__dirname, '../../..');

describe('configuration documentation stays true', () => {
  const example = readFileSync(resolve(root, '.env.example'), 'utf8');
  const readme = readFileSync(resolve(root, 'README.md'), 'utf8');

  it.each([...ENVIRONMENT_VARIABLE_NAMES])('%s is in .env.example and the README', (name) => {
    expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
    expect(readme).toContain(`\`${name}\``);
  });

  it('documents no variable the service does not read', () => {
    const documented = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
    expect(documented.filter((name) => !(ENVIRONMENT_VARIABLE_NAMES as readonly string[]).includes(name))).toEqual([]);
  });
});
