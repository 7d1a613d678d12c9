/**
 * A tiny gateway client below discord.js, for protocol details discord.js hides or would refuse
 * to send: it collects decoded frames (plain, payload-compressed or zlib-stream) and the close code.
 */
import { constants as zlibConstants, createInflate, inflateSync } from 'node:zlib';
import { WebSocket } from 'ws';

export interface Frame {
  op: number;
  t: string | null;
  s: number | null;
  d: unknown;
}

export interface RawGatewayClient {
  ws: WebSocket;
  frames: Frame[];
  closeCode: () => number | undefined;
  send: (op: number, d: unknown) => void;
  opened: Promise<void>;
}

export function connectRawGateway(gatewayUrl: string, query = 'v=10&encoding=json'): RawGatewayClient {
  const ws = new WebSocket(`${gatewayUrl}/?${query}`);
  const frames: Frame[] = [];
  let closeCode: number | undefined;
  const inflate = query.includes('zlib-stream') ? createInflate() : undefined;
  let pending = '';
  inflate?.on('data', (c: Buffer) => {
    pending += c.toString('utf8');
  });
  ws.on('message', (data: Buffer, isBinary) => {
    if (inflate) {
      inflate.write(data);
      inflate.flush(zlibConstants.Z_SYNC_FLUSH, () => {
        if (pending) frames.push(JSON.parse(pending) as Frame);
        pending = '';
      });
    } else {
      frames.push(JSON.parse(isBinary ? inflateSync(data).toString('utf8') : data.toString('utf8')) as Frame);
    }
  });
  ws.on('close', (code) => {
    closeCode = code;
    inflate?.close();
  });
  return {
    ws,
    frames,
    closeCode: () => closeCode,
    send: (op: number, d: unknown) => ws.send(JSON.stringify({ op, d })),
    opened: new Promise<void>((resolve) => ws.once('open', () => resolve())),
  };
}
