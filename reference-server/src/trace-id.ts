import { randomHex } from './random-hex.js';

// W3C Trace Context §3.2: version 00, 32-hex trace-id (not all zeros), 16-hex parent-id, 2-hex flags.
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const ZERO_TRACE = '0'.repeat(32);

/** The request's trace-id: the incoming `traceparent`'s when it is valid, else a fresh random one. */
export function traceIdFor(traceparent: string | string[] | undefined): string {
  const m = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent.trim()) : null;
  if (m && m[1] !== ZERO_TRACE && m[2] !== '0000000000000000') return m[1]!;
  return randomHex(16);
}
