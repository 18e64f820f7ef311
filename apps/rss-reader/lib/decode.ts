/**
 * @module Bytes to text, as browsers and feed readers do it: a byte order mark first, then the HTTP
 * `charset`, then the XML declaration's `encoding`, else UTF-8. Real feeds declare ISO-8859-1 (or send
 * that header) and then send UTF-8, so a declared single-byte charset gives way when the bytes are
 * valid UTF-8 with multi-byte characters in them; declared UTF-8 that is not valid falls back to
 * windows-1252 (what browsers decode ISO-8859-1 as). UTF-16 and UTF-32 are recognised by BOM or by how
 * `<?xml` is spelled in their bytes; UTF-32, which `TextDecoder` lacks, is decoded here.
 */

/** Charsets with one byte per character, which any byte sequence "fits". */
const SINGLE_BYTE = /^(us-ascii|ascii|iso-8859-\d+|iso8859-\d+|latin-?1|l1|windows-125\d|cp125\d|cp819|ibm819|koi8-[ru])$/;

/** Decodes a fetched feed body. `contentType` is the response's `Content-Type` header. */
export function decodeFeedBody(bytes: Uint8Array, contentType?: string): string {
  const sniffed = sniff(bytes);
  if (sniffed !== undefined) return decodeAs(bytes.subarray(sniffed.skip), sniffed.encoding);
  const declared = charsetOf(contentType) ?? xmlEncodingOf(bytes);
  if (declared === undefined || /^utf-?8$/.test(declared)) return utf8OrLatin(bytes);
  if (SINGLE_BYTE.test(declared) && hasUtf8Multibyte(bytes)) return new TextDecoder('utf-8').decode(bytes);
  try {
    return new TextDecoder(declared).decode(bytes);
  } catch {
    // An unknown label (`charset=bogus`): decode as if none was given.
    return utf8OrLatin(bytes);
  }
}

/** A BOM, or `<?` in a wide encoding, with how many bytes to skip. */
function sniff(b: Uint8Array): { encoding: string; skip: number } | undefined {
  const [b0, b1, b2, b3] = [b[0], b[1], b[2], b[3]];
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return { encoding: 'utf-32be', skip: 4 };
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return { encoding: 'utf-32le', skip: 4 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', skip: 2 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0x00 && b3 === 0x3c) return { encoding: 'utf-32be', skip: 0 };
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x00 && b3 === 0x00) return { encoding: 'utf-32le', skip: 0 };
  if (b0 === 0x00 && b1 === 0x3c && b2 === 0x00 && b3 !== 0x00) return { encoding: 'utf-16be', skip: 0 };
  if (b0 === 0x3c && b1 === 0x00 && b2 !== 0x00 && b3 === 0x00) return { encoding: 'utf-16le', skip: 0 };
  return undefined;
}

function decodeAs(bytes: Uint8Array, encoding: string): string {
  if (encoding === 'utf-32be' || encoding === 'utf-32le') return utf32(bytes, encoding === 'utf-32le');
  return new TextDecoder(encoding).decode(bytes);
}

function utf32(b: Uint8Array, little: boolean): string {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength - (b.byteLength % 4));
  let out = '';
  for (let i = 0; i < view.byteLength; i += 4) {
    const cp = view.getUint32(i, little);
    out += cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\ufffd';
  }
  return out;
}

/** The `charset` parameter of a Content-Type, lower-cased and unquoted. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*("?)'?([^"';\s]+)'?\1/i.exec(contentType ?? '');
  return m?.[2]?.toLowerCase();
}

/** The XML declaration's `encoding`, read from the first bytes as ASCII. */
function xmlEncodingOf(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, 200));
  return /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1]?.toLowerCase();
}

function utf8OrLatin(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** True when `bytes` are valid UTF-8 and hold at least one multi-byte character. */
function hasUtf8Multibyte(bytes: Uint8Array): boolean {
  if (!bytes.some((x) => x >= 0x80)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
