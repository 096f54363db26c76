import { hash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Contract } from '../../contract/src/index.js';
import { HttpError } from './http-error.js';

function digest(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}

/** Checks the API key header of a request; throws the `401` problem when it is missing or wrong. */
export function createAuthenticator(contract: Contract, apiKey: string): (req: IncomingMessage) => void {
  const apiKeyDigest = digest(apiKey);
  const apiKeyHeader = contract.apiKeyHeader.toLowerCase();
  return (req) => {
    const header = req.headers[apiKeyHeader];
    const given = typeof header === 'string' ? header : '';
    // Compare digests so the comparison has a fixed length and takes the same time whatever was sent.
    const ok = timingSafeEqual(digest(given), apiKeyDigest);
    if (!ok || header === undefined) {
      throw new HttpError('unauthorized', `A valid ${contract.apiKeyHeader} header is required.`);
    }
  };
}
