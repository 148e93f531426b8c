// The message crypto of the 微信公众号 and 企业微信 callbacks (the published WXBizMsgCrypt scheme),
// on node:crypto: SHA-1 signatures over the sorted strings, and AES-256-CBC with the key
// base64(EncodingAESKey + '='), IV = its first 16 bytes, PKCS#7 padding to 32-byte blocks, over
// 16 random bytes + 4-byte big-endian length + message + receiver id (the AppID or the CorpID).
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** sha1 of the strings sorted and joined: the `signature` (token, timestamp, nonce) and the `msg_signature` (…, encrypt). */
export function signature(...parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

/** Compares a signature from a request with the expected one in constant time. */
export function sameSignature(given: string | undefined | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given.toLowerCase());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class CryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CryptoError';
  }
}

const BLOCK = 32;

export class MsgCrypt {
  private readonly key: Buffer;
  private readonly iv: Buffer;
  constructor(
    readonly token: string,
    encodingAesKey: string,
    /** the AppID (公众号) or CorpID (企业微信) the messages are for */
    readonly receiverId: string,
  ) {
    if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey)) throw new CryptoError('EncodingAESKey must be 43 letters and digits');
    this.key = Buffer.from(encodingAesKey + '=', 'base64');
    if (this.key.length !== 32) throw new CryptoError('EncodingAESKey does not decode to 32 bytes');
    this.iv = this.key.subarray(0, 16);
  }

  /** msg_signature of an encrypted message. */
  sign(timestamp: string, nonce: string, encrypt: string): string {
    return signature(this.token, timestamp, nonce, encrypt);
  }

  verify(msgSignature: string | undefined | null, timestamp: string, nonce: string, encrypt: string): boolean {
    return sameSignature(msgSignature, this.sign(timestamp, nonce, encrypt));
  }

  /** Base64 ciphertext of a message; `random` (16 bytes) only for reproducing published vectors. */
  encrypt(message: string, random: Buffer = randomBytes(16)): string {
    const msg = Buffer.from(message, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(msg.length, 0);
    const plain = Buffer.concat([random, len, msg, Buffer.from(this.receiverId, 'utf8')]);
    const pad = BLOCK - (plain.length % BLOCK);
    const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
    const c = createCipheriv('aes-256-cbc', this.key, this.iv);
    c.setAutoPadding(false);
    return Buffer.concat([c.update(padded), c.final()]).toString('base64');
  }

  /** The message inside a base64 ciphertext, after checking its padding, length and receiver id. */
  decrypt(encrypted: string): string {
    const data = Buffer.from(encrypted, 'base64');
    if (data.length === 0 || data.length % 16 !== 0) throw new CryptoError('ciphertext is not whole AES blocks');
    let plain: Buffer;
    try {
      const d = createDecipheriv('aes-256-cbc', this.key, this.iv);
      d.setAutoPadding(false);
      plain = Buffer.concat([d.update(data), d.final()]);
    } catch {
      throw new CryptoError('cannot decrypt');
    }
    const pad = plain[plain.length - 1]!;
    if (pad < 1 || pad > BLOCK) throw new CryptoError('bad padding');
    plain = plain.subarray(0, plain.length - pad);
    if (plain.length < 20) throw new CryptoError('message too short');
    const len = plain.readUInt32BE(16);
    if (20 + len > plain.length) throw new CryptoError('bad message length');
    const receiver = plain.subarray(20 + len).toString('utf8');
    if (receiver !== this.receiverId) throw new CryptoError(`message is for another receiver id (${receiver.slice(0, 40)})`);
    return plain.subarray(20, 20 + len).toString('utf8');
  }
}
