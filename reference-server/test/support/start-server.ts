import { createServer, type RunningServer, type ServeOptions } from '../../src/index.js';
import { ContractClient } from './contract-client.js';

export interface Harness {
  server: RunningServer;
  client: ContractClient;
  /** Log lines the server wrote. */
  logs: string[];
  close(): Promise<void>;
}

/** Starts a real server on port 0 with a log collector, and a contract-checking client for it. */
export async function startServer(options: ServeOptions = {}): Promise<Harness> {
  const logs: string[] = [];
  const server = await createServer({ log: (line) => logs.push(line), ...options });
  return { server, client: new ContractClient(server), logs, close: () => server.close() };
}

/** Paths of the spec's routes for an Endpoint (and a key). */
export function keysPath(endpointId: string, keyId?: string): string {
  return `/v2.0/endpoints/${endpointId}/apikeys${keyId === undefined ? '' : `/${keyId}`}`;
}

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/** One line of the server's request log (JSON). */
export interface LogLine {
  time: string;
  method: string | null;
  route: string | null;
  status: number | null;
  durationMs: number;
  traceId: string;
  error?: string;
  aborted?: true;
}

/** Reads one line of the request log. */
export function logLine(line: string): LogLine {
  return JSON.parse(line) as LogLine;
}
