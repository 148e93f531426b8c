// The XML of the callbacks, read and written with fast-xml-parser. Every value stays a string (a
// MsgId such as 6054768590064713728 is past Number's exact range); the document's DOCTYPE and
// entities are not expanded beyond XML's five.
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { MsgCrypt } from './crypto.js';

const parser = new XMLParser({
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
});

const builder = new XMLBuilder({ cdataPropName: '__cdata', suppressEmptyNode: false, format: false });

/** The fields of `<xml>…</xml>` as strings (nested elements such as ScanCodeInfo are dropped), or null if it is not such a document. */
export function readXml(text: string): Record<string, string> | null {
  if (!text.trim() || XMLValidator.validate(text) !== true) return null;
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    return null;
  }
  const root = (doc as { xml?: unknown } | null)?.xml;
  if (!root || typeof root !== 'object') return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(root as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}

/** `<xml>` with each string field in CDATA and each number as text, in the given order. */
export function writeXml(fields: Record<string, string | number>): string {
  const xml: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) xml[k] = typeof v === 'number' ? v : { __cdata: v };
  return builder.build({ xml }) as string;
}

/** A passive text reply to a message: its receiver answers its sender. */
export function textReply(msg: { FromUserName: string; ToUserName: string }, content: string, created: number): string {
  return writeXml({ ToUserName: msg.FromUserName, FromUserName: msg.ToUserName, CreateTime: created, MsgType: 'text', Content: content });
}

/** A passive reply sealed for 安全模式 and WeCom: encrypted, signed over the reply's timestamp and the request's nonce. */
export function sealedReply(crypt: MsgCrypt, reply: string, nonce: string, created: number): string {
  const enc = crypt.encrypt(reply);
  return writeXml({ Encrypt: enc, MsgSignature: crypt.sign(String(created), nonce, enc), TimeStamp: created, Nonce: nonce });
}
