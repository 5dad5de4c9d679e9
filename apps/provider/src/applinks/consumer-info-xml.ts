/** The fields Atlassian reads from a consumer-info document (atlassian-wire.md §2.2). */
export interface ConsumerInfo {
  key: string;
  name: string;
  /** SubjectPublicKeyInfo DER as bare base64, no PEM lines (Atlassian's `RSAKeys.toPemEncoding`). */
  publicKey: string;
  description: string | null;
}

/** Characters XML 1.0 does not allow at all (they cannot even be escaped), removed rather than sent. */
const XML_INVALID = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for an XML element or attribute: the five predefined entities, invalid characters dropped. */
export function escapeXml(text: string): string {
  return text.replace(XML_INVALID, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * Renders Atlassian's consumer-info document, `<consumer><key/><name/><publicKey/><description/></consumer>`
 * (ConsumerInfoServlet's view.xml.vm). Applinks reads the elements by tag name, so the shape is all that matters;
 * every value is escaped because the name and description are admin-editable text.
 */
export function renderConsumerInfoXml(info: ConsumerInfo): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<consumer>',
    `  <key>${escapeXml(info.key)}</key>`,
    `  <name>${escapeXml(info.name)}</name>`,
    `  <publicKey>${escapeXml(info.publicKey)}</publicKey>`,
    `  <description>${escapeXml(info.description ?? '')}</description>`,
    '</consumer>',
  ];
  return `${lines.join('\n')}\n`;
}
