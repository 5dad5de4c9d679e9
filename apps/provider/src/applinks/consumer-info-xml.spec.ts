import { describe, expect, it } from 'vitest';

import { escapeXml, renderConsumerInfoXml } from './consumer-info-xml';

describe('consumer-info XML', () => {
  it('renders Atlassian\'s shape: key, name, publicKey, description under <consumer>', () => {
    const xml = renderConsumerInfoXml({ key: 'applink-provider:tools.example.com', name: 'Tools', publicKey: 'MIIBIjAN', description: 'At https://tools.example.com' });
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<consumer>',
        '  <key>applink-provider:tools.example.com</key>',
        '  <name>Tools</name>',
        '  <publicKey>MIIBIjAN</publicKey>',
        '  <description>At https://tools.example.com</description>',
        '</consumer>',
        '',
      ].join('\n'),
    );
  });

  it('escapes the five XML specials and drops characters XML cannot carry', () => {
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
    expect(escapeXml('bell\u0007 nul\u0000 tab\t nl\n ok')).toBe('bell nul tab\t nl\n ok');
    expect(escapeXml('emoji 😀 and é')).toBe('emoji 😀 and é');
    expect(escapeXml('lone \uD800 surrogate')).toBe('lone  surrogate');
  });

  it('renders an empty description when there is none', () => {
    expect(renderConsumerInfoXml({ key: 'k', name: 'n', publicKey: 'p', description: null })).toContain('<description></description>');
  });

  it('cannot be broken out of by a hostile name', () => {
    const xml = renderConsumerInfoXml({ key: 'k', name: '</name><key>evil</key><name>', publicKey: 'p', description: null });
    expect(xml.match(/<key>/g)).toHaveLength(1);
  });
});
