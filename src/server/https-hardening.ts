import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:https';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';

/** What both HTTPS servers (audit receiver, admission webhook) do about clients that are broken or hostile. */

const TLS_HANDSHAKE = 0x16;

const PLAIN_HTTP_ANSWER = 'HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\nconnection: close\r\ncontent-length: 41\r\n\r\n' +
  'this port speaks HTTPS only (TLS 1.2+)\r\n\r\n';

/**
 * Peeks at each connection's first byte: a TLS handshake goes on to the server, anything else (plain HTTP sent to the
 * TLS port) gets a plain-text 400 instead of a silent reset. A connection that sends nothing is closed after
 * `firstByteTimeoutMs`. Returns a function that destroys every open connection (for shutdown: server.close waits for
 * them, and a refused upload is left paused on purpose).
 */
export function refusePlainHttp(server: Server, firstByteTimeoutMs: number): () => void {
  const tlsListeners = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  const open = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.setTimeout(firstByteTimeoutMs, () => socket.destroy());
    socket.once('close', () => open.delete(socket));
    socket.once('data', (first: Buffer) => {
      socket.setTimeout(0);
      socket.pause();
      socket.unshift(first);
      if (first[0] === TLS_HANDSHAKE) for (const l of tlsListeners) l.call(server, socket);
      else socket.end(PLAIN_HTTP_ANSWER);
    });
  });
  return () => {
    for (const s of open) s.destroy();
  };
}

/** The answer to a request Node could not read: 408 when it was too slow, 431 for oversized headers, else 400. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  const [code, reason] = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout']
    : err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
  // Node may report one bad request twice; the first answer is on its way, so leave the socket to finish sending it.
  if (socket.writableEnded) return;
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${code} ${reason}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
  // A client that keeps its side open after the answer is cut off a moment later.
  setTimeout(() => socket.destroy(), 1000);
}

/**
 * After refusing a body over the limit: stop reading it (the rest is never read, let alone kept) and close the
 * connection a moment after the answer is sent, so the client reads the 413 before the reset of its unsent bytes.
 */
export function closeUnreadBody(req: IncomingMessage, res: ServerResponse, lingerMs = 1000): void {
  req.removeAllListeners('data');
  req.pause();
  res.shouldKeepAlive = false;
  const socket = req.socket;
  res.once('finish', () => {
    setTimeout(() => socket.destroy(), lingerMs);
  });
}
