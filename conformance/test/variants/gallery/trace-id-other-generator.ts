import { randomBytes } from 'node:crypto';
import { rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/**
 * Trace ids from another generator (OpenTelemetry-style: 48 bits of milliseconds, a counter and random bits, as hex),
 * still taken from a valid incoming `traceparent`; also echoed in a `traceresponse` header.
 */
export const variant: Variant = {
  id: 'trace-id-other-generator',
  description:
    '`traceId` is time + counter + random bits (not 16 random bytes), and also sent in a `traceresponse` header',
  allowedBy:
    '#/components/schemas/Problem/properties/traceId (pattern ^[0-9a-f]{32}$, "W3C Trace Context trace-id of the request"); W3C Trace Context Level 2 §traceresponse',
  apply: () => {
    let counter = 0;
    const fresh = () => {
      counter = (counter + 1) % 0x10000;
      return (
        Date.now().toString(16).padStart(12, '0') +
        counter.toString(16).padStart(4, '0') +
        randomBytes(8).toString('hex')
      );
    };
    return {
      wrapHandler: rewriteResponses((res, req) => {
        if (!res.headers['content-type']?.startsWith('application/problem+json')) return res;
        const incoming =
          typeof req.headers['traceparent'] === 'string' ? TRACEPARENT.exec(req.headers['traceparent'].trim()) : null;
        const problem = JSON.parse(res.body) as Record<string, unknown>;
        const traceId = incoming && problem['traceId'] === incoming[1] ? incoming[1]! : fresh();
        return {
          ...res,
          headers: { ...res.headers, traceresponse: `00-${traceId}-${randomBytes(8).toString('hex')}-00` },
          body: JSON.stringify({ ...problem, traceId }),
        };
      }),
    };
  },
};
