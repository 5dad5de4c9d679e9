/**
 * A deliberately small HTTP/1.1 client for the load generator: keep-alive sockets, one request in flight per socket,
 * requests pre-serialised by the caller, responses read by Content-Length. `http.request` costs the load generator
 * tens of µs per request, so on a 2-core machine an open-loop run could not keep pace with the bare server and its
 * own lateness showed up as server latency. Only what the bench servers send is understood: Content-Length and chunked
 * bodies, no trailers.
 */
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  /** The header block, for failure messages. */
  head: string;
  body: string;
}

interface Waiting {
  request: Buffer;
  resolve: (response: RawResponse) => void;
  reject: (error: Error) => void;
}

class Connection {
  private buffered: Buffer = Buffer.alloc(0);
  private current: Waiting | null = null;
  readonly socket: Socket;

  constructor(host: string, port: number, private readonly onIdle: (connection: Connection) => void, onClose: (connection: Connection) => void) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => {
      this.fail(new Error('connection closed'));
      onClose(this);
    });
  }

  send(waiting: Waiting): void {
    this.current = waiting;
    this.socket.write(waiting.request);
  }

  private read(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const end = this.buffered.indexOf('\r\n\r\n');
    if (end === -1 || !this.current) return;
    const head = this.buffered.toString('latin1', 0, end);
    const framed = /\r\ntransfer-encoding:\s*chunked/i.test(head) ? readChunked(this.buffered, end + 4) : readSized(this.buffered, end + 4, head);
    if (!framed) return;
    const body = framed.body;
    this.buffered = this.buffered.subarray(framed.next);
    const waiting = this.current;
    this.current = null;
    waiting.resolve({ status: Number(head.slice(9, 12)), head, body });
    this.onIdle(this);
  }

  private fail(error: Error): void {
    const waiting = this.current;
    this.current = null;
    waiting?.reject(error);
  }
}

/** A Content-Length body starting at `start`, or null while incomplete. */
function readSized(buffer: Buffer, start: number, head: string): { body: string; next: number } | null {
  const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
  return buffer.length < start + length ? null : { body: buffer.toString('utf8', start, start + length), next: start + length };
}

/** A chunked body (no trailers) starting at `start`, or null while incomplete. */
function readChunked(buffer: Buffer, start: number): { body: string; next: number } | null {
  const parts: string[] = [];
  let at = start;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd === -1) return null;
    const size = parseInt(buffer.toString('latin1', at, lineEnd), 16);
    if (size === 0) return buffer.length < lineEnd + 4 ? null : { body: parts.join(''), next: lineEnd + 4 };
    if (buffer.length < lineEnd + 2 + size + 2) return null;
    parts.push(buffer.toString('utf8', lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

export class RawHttpPool {
  private readonly idle: Connection[] = [];
  private readonly queue: Waiting[] = [];
  private readonly all = new Set<Connection>();

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly size: number,
  ) {}

  send(request: Buffer): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const waiting = { request, resolve, reject };
      const connection = this.idle.pop() ?? (this.all.size < this.size ? this.open() : undefined);
      if (connection) connection.send(waiting);
      else this.queue.push(waiting);
    });
  }

  close(): void {
    for (const connection of this.all) connection.socket.destroy();
  }

  private open(): Connection {
    const connection = new Connection(
      this.host,
      this.port,
      (idle) => {
        const next = this.queue.shift();
        if (next) idle.send(next);
        else this.idle.push(idle);
      },
      (closed) => {
        this.all.delete(closed);
        const index = this.idle.indexOf(closed);
        if (index !== -1) this.idle.splice(index, 1);
      },
    );
    this.all.add(connection);
    return connection;
  }
}
