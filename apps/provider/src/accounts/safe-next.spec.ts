import { describe, expect, it } from 'vitest';

import { loginRedirect, safeNext } from './safe-next';

describe('safeNext', () => {
  it.each([
    ['/account/applications', '/account/applications'],
    ['/oauth/authorize?oauth_token=abc&oauth_callback=https%3A%2F%2Fx', '/oauth/authorize?oauth_token=abc&oauth_callback=https%3A%2F%2Fx'],
    ['/a/../b', '/b'],
  ])('keeps the same-origin path %s', (input, expected) => expect(safeNext(input)).toBe(expected));

  it.each([
    '//evil.example/',
    '/\\evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    'account',
    '/x\r\nSet-Cookie: a=b',
    '/\u0000',
    '',
    undefined,
    ['/a'],
    `/${'a'.repeat(3000)}`,
    '/login?next=/login',
    '/logout',
  ])('replaces %j with /account', (input) => expect(safeNext(input)).toBe('/account'));
});

describe('loginRedirect', () => {
  it('remembers a GET target and drops a POST one', () => {
    expect(loginRedirect('', 'GET', '/account?x=1')).toBe('/login?next=%2Faccount%3Fx%3D1');
    expect(loginRedirect('/applink', 'POST', '/oauth/authorize')).toBe('/applink/login');
  });
});
