/**
 * Request body parsing: JSON and multipart/form-data (what @discordjs/rest sends when a message
 * has files: `files[n]` parts plus a `payload_json` part). Hand-rolled multipart parsing keeps
 * the stand-in dependency-free and lets us keep the exact bytes, filename and content type.
 */
import type { IncomingMessage } from 'node:http';
import { DiscordApiError } from './errors.js';
import { RESTJSONErrorCodes } from 'discord-api-types/v10';

export interface UploadedFile {
  /** Form field name, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export interface ParsedBody {
  kind: 'none' | 'json' | 'multipart';
  /** JSON body, or the parsed `payload_json` (plus plain form fields) of a multipart body. */
  json: unknown;
  files: UploadedFile[];
}

/** Hard cap so a runaway client cannot exhaust memory (Discord's own limit is lower). */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new DiscordApiError(413, 40005, 'Request entity too large', undefined, 'bad-request');
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

export function parseBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  if (raw.length === 0) return { kind: 'none', json: undefined, files: [] };
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return parseMultipart(contentType!, raw);
  // Discord treats a body without content type as JSON too; be equally lenient.
  try {
    return { kind: 'json', json: JSON.parse(raw.toString('utf8')) as unknown, files: [] };
  } catch {
    throw new DiscordApiError(400, RESTJSONErrorCodes.RequestBodyContainsInvalidJSON, 'The request body contains invalid JSON.', undefined, 'bad-request');
  }
}

function parseMultipart(contentType: string, raw: Buffer): ParsedBody {
  const boundaryMatch = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = boundaryMatch?.[1] ?? boundaryMatch?.[2];
  if (!boundary) throw new DiscordApiError(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body', undefined, 'bad-request');
  const delimiter = Buffer.from(`--${boundary}`);
  const files: UploadedFile[] = [];
  const fields: Record<string, unknown> = {};
  let payloadJson: unknown;

  let pos = raw.indexOf(delimiter);
  while (pos !== -1) {
    pos += delimiter.length;
    // `--` right after the delimiter marks the end of the body.
    if (raw[pos] === 0x2d && raw[pos + 1] === 0x2d) break;
    pos += 2; // CRLF
    const headerEnd = raw.indexOf('\r\n\r\n', pos);
    if (headerEnd === -1) break;
    const headers = raw.subarray(pos, headerEnd).toString('utf8');
    const next = raw.indexOf(delimiter, headerEnd + 4);
    if (next === -1) break;
    const content = raw.subarray(headerEnd + 4, next - 2); // strip CRLF before delimiter
    pos = next;

    const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '';
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const partType = /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim();
    if (filename !== undefined) {
      files.push({ field: name, filename, contentType: partType ?? 'application/octet-stream', bytes: Buffer.from(content) });
    } else if (name === 'payload_json') {
      try {
        payloadJson = JSON.parse(content.toString('utf8'));
      } catch {
        throw new DiscordApiError(400, RESTJSONErrorCodes.RequestBodyContainsInvalidJSON, 'The request body contains invalid JSON.', undefined, 'bad-request');
      }
    } else {
      fields[name] = content.toString('utf8');
    }
  }
  const json = payloadJson !== undefined && typeof payloadJson === 'object' && payloadJson !== null ? { ...fields, ...payloadJson } : payloadJson ?? fields;
  return { kind: 'multipart', json, files };
}
