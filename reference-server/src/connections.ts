import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** Per-connection bookkeeping: the responses not yet written, in request order, and the last request. */
export interface Connection {
  /** Responses of requests read from this connection and not yet finished (pipelined ones queue in node:http). */
  inFlight: Set<ServerResponse>;
  /** The last request read from this connection, with its response. */
  last?: { req: IncomingMessage; res: ServerResponse } | undefined;
  /** Run once `inFlight` is empty (answers that must follow every earlier response). */
  whenIdle: (() => void)[];
  /** A client error was answered: node:http may report the same broken connection again. */
  errored: boolean;
}

/** The open connections of a server and what is in flight on each; tracks shutdown. */
export class Connections {
  readonly #bySocket = new Map<Duplex, Connection>();
  #shuttingDown = false;

  constructor(server: Server) {
    server.on('connection', (socket: Duplex) => this.of(socket));
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** The bookkeeping of a socket, created on first sight (a socket may reach a handler before `connection`). */
  of(socket: Duplex): Connection {
    let c = this.#bySocket.get(socket);
    if (!c) {
      c = { inFlight: new Set(), whenIdle: [], errored: false };
      this.#bySocket.set(socket, c);
      socket.once('close', () => this.#bySocket.delete(socket));
    }
    return c;
  }

  /** Runs `run` once every response before it on the connection is written (pipelining, RFC 9112 §9.3.2). */
  afterEarlierResponses(conn: Connection, run: () => void): void {
    if (conn.inFlight.size === 0) run();
    else conn.whenIdle.push(run);
  }

  /** Tracks a response until it is written, in order with the connection's others. */
  track(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket;
    const conn = this.of(socket);
    conn.inFlight.add(res);
    conn.last = { req, res };
    if (this.#shuttingDown) res.shouldKeepAlive = false;
    const done = () => {
      if (!conn.inFlight.delete(res) || conn.inFlight.size > 0) return;
      for (const run of conn.whenIdle.splice(0)) run();
      if (this.#shuttingDown && !socket.destroyed) socket.end();
    };
    // `done` acts once (the delete above), so plain listeners do: no once-wrapper per response.
    res.on('finish', done);
    res.on('close', done);
  }

  /**
   * Starts shutting down: connections with nothing in flight are destroyed (they hold no request of the handler's,
   * at most a partial one), and in-flight responses will close their connection.
   */
  shutDown(): void {
    this.#shuttingDown = true;
    for (const [socket, conn] of this.#bySocket) {
      if (conn.inFlight.size === 0) socket.destroy();
      else for (const res of conn.inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
    }
  }

  destroyAll(): void {
    for (const socket of this.#bySocket.keys()) socket.destroy();
  }
}
