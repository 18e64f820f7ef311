/** Small helpers for the dev server's fetch-style routes: JSON replies and bounded body reads. */
import { GfaError } from '../errors.ts';

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

/** A 4xx/5xx JSON response `{ error, code? }`. Messages never carry secrets or stored values. */
export function fail(status: number, error: string, code?: string): Response {
  return json(status, code ? { error, code } : { error });
}

/** An error a route throws to answer with a 4xx. */
export class HttpError extends GfaError {
  readonly status: number;
  constructor(status: number, message: string) {
    super('E_HTTP', message);
    this.status = status;
  }
}

/** Reads a request body as JSON, rejecting missing, oversized or malformed bodies with a 4xx. */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > maxBytes) throw new HttpError(413, `request body is larger than ${maxBytes} bytes`);
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'send the body as JSON with content-type: application/json');
  const bytes = new Uint8Array(await req.arrayBuffer());
  if (bytes.length > maxBytes) throw new HttpError(413, `request body is larger than ${maxBytes} bytes`);
  if (bytes.length === 0) throw new HttpError(400, 'request body is empty; send a JSON object');
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearer(req: Request): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get('authorization') ?? '');
  return m?.[1];
}

/** Compares two strings in time independent of where they differ. */
export function sameToken(a: string | undefined, b: string): boolean {
  if (a === undefined || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
