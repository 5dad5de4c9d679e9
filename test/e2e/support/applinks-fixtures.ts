import { decodeEntities } from '../../support/consent-flow';

/** The elements of a consumer-info document, read by tag name as Atlassian's Applinks does. */
export interface ParsedConsumerInfo {
  root: string;
  key: string;
  name: string;
  publicKey: string;
  description: string;
}

/**
 * A strict reader for the small consumer-info document: one root element holding only simple text elements, every
 * `&`/`<` in text escaped. Throws on anything else, so a malformed document fails the test.
 */
export function parseConsumerInfo(xml: string): ParsedConsumerInfo {
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\s*/, '');
  const root = /^<(\w+)>([\s\S]*)<\/\1>\s*$/.exec(body);
  if (!root) throw new Error(`not a single root element: ${xml}`);
  const fields = new Map<string, string>();
  const inner = root[2].trim();
  const element = /<(\w+)>([^<]*)<\/\1>\s*|<(\w+)\/>\s*/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = element.exec(inner)) !== null) {
    const text = match[2] ?? '';
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(text)) throw new Error(`unescaped & in ${match[1]}`);
    fields.set(match[1] ?? match[3], decodeEntities(text.replace(/&apos;/g, "'")));
    consumed = element.lastIndex;
  }
  if (consumed !== inner.length) throw new Error(`unexpected content in consumer-info: ${inner.slice(consumed)}`);
  const get = (name: string) => {
    const value = fields.get(name);
    if (value === undefined) throw new Error(`consumer-info has no <${name}>`);
    return value;
  };
  return { root: root[1], key: get('key'), name: get('name'), publicKey: get('publicKey'), description: get('description') };
}
