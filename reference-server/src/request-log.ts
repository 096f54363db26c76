import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

/** What the log line of one request records besides the request and response themselves. */
export interface RequestLogState {
  /** The matched route (with the base path), once routing found one. */
  route: string | null;
  /** The class and message of an unexpected error (never a header or a key). */
  failure?: string | undefined;
}

let lastMs = 0;
let lastIso = new Date(0).toISOString();

/** `new Date().toISOString()`, formatted once per millisecond (busy servers log many lines within one). */
function isoNow(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}

/**
 * Writes one JSON line for the request when its response closes (finished or aborted). The returned state is filled
 * in while the request is answered.
 */
export function logOnClose(
  req: IncomingMessage,
  res: ServerResponse,
  traceId: string,
  log: (line: string) => void,
): RequestLogState {
  const started = performance.now();
  const state: RequestLogState = { route: null };
  res.on('close', () => {
    const line: Record<string, unknown> = {
      time: isoNow(),
      method: req.method,
      route: state.route,
      status: res.headersSent ? res.statusCode : null,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      traceId,
    };
    if (state.failure !== undefined) line['error'] = state.failure;
    if (!res.writableFinished) line['aborted'] = true;
    try {
      log(JSON.stringify(line));
    } catch {
      // A failing log sink must not take the server down with it.
    }
  });
  return state;
}
