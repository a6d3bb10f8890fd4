// Safe XML reading for WeCom's legacy callbacks. WeCom's XML never has a DOCTYPE, so any DOCTYPE
// or ENTITY declaration (outside CDATA) is refused before parsing: no entity expansion, no
// external entities. Only the five predefined entities are decoded; CDATA is kept as text; tag
// values stay strings (MsgId does not fit a double); nesting is capped; prototype-polluting tag
// names are refused by the parser. Every failure is an XmlError (→ 400), never a crash.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

const MAX_DEPTH = 8;
const CDATA = /<!\[CDATA\[[\s\S]*?\]\]>/g;
const FORBIDDEN = /<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)|<!\[(?!CDATA\[)/i;

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_DEPTH,
});

/** Parses a small, flat XML document into plain objects of strings. */
export function parseXml(text: string): Record<string, unknown> {
  if (FORBIDDEN.test(text.replace(CDATA, ''))) throw new XmlError('DOCTYPE or entity declarations are not allowed');
  if (!text.trimStart().startsWith('<')) throw new XmlError('malformed XML');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlError('malformed XML');
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch {
    throw new XmlError('malformed or too deeply nested XML');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new XmlError('malformed XML');
  return parsed as Record<string, unknown>;
}
