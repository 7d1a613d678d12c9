// What an HTTP route returns: plain data, so routes are tested without a socket and the
// server (server.ts) is the one place that writes to one.

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Every non-page response: it is data or a message, never something to render or frame. */
const PLAIN_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

export function textReply(status: number, body: string, headers: Record<string, string> = {}): HttpReply {
  return {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': PLAIN_CSP, 'Cache-Control': 'no-store', ...headers },
    body: body.endsWith('\n') ? body : `${body}\n`,
  };
}

export function jsonReply(status: number, data: unknown, headers: Record<string, string> = {}): HttpReply {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Security-Policy': PLAIN_CSP, 'Cache-Control': 'no-store', ...headers },
    body: `${JSON.stringify(data)}\n`,
  };
}

export const notFound = (): HttpReply => textReply(404, 'Not found');

export { PLAIN_CSP };
