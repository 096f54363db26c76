import { loadContract } from '../../../contract/src/index.js';
import { createServer } from '../../../reference-server/src/index.js';
import { METHOD_NOT_ALLOWED_KEY } from '../../src/coverage.js';
import { runConformance, type ConformanceOptions, type Report } from '../../src/index.js';
import { keysIn, rewriteResponses } from '../faults/fault.js';
import { fault as namesTruncated } from '../faults/gallery/names-truncated.js';
import { ENDPOINTS, SEED } from '../faults/run.js';

/** Markup a hostile target puts where a report quotes it: a script, and an attribute break-out with a handler. */
export const HOSTILE_MARKUP = `<script>document.title="pwned"</script>"><img src=x onerror="document.title='pwned'">`;

/** What a run against the hostile server gives: the report and every secret the report must not contain. */
export interface HostileRun {
  report: Report;
  apiKey: string;
  /** Every plaintext key the server created during the run. */
  createdKeys: string[];
}

/**
 * Runs the kit against a reference server with three faults that a report must show safely: the 201 carrying the key
 * says `Cache-Control: public, max-age=60` (no-store and http-contract fail on it: the key is in that response), every
 * 404 is an HTML page quoting {@link HOSTILE_MARKUP} in its body and in a header (http-contract fails on it), and the
 * gallery's names-truncated store (positive-names fails, a property with a shrunk counterexample and a replay path).
 */
export async function hostileRun(run: Partial<ConformanceOptions>): Promise<HostileRun> {
  const createdKeys: string[] = [];
  const server = await createServer({
    log: () => {},
    endpointIds: ENDPOINTS,
    ...namesTruncated.apply(),
    wrapHandler: rewriteResponses((res) => {
      if (res.status === 201) {
        createdKeys.push(...keysIn(res.body));
        return { ...res, headers: { ...res.headers, 'cache-control': 'public, max-age=60' } };
      }
      if (res.status !== 404) return res;
      const headers = { ...res.headers, 'content-type': 'text/html', 'x-debug': HOSTILE_MARKUP };
      return { ...res, headers, body: `<html><body>Not found ${HOSTILE_MARKUP}</body></html>` };
    }),
  });
  try {
    const report = await runConformance({
      target: server.url,
      apiKey: server.apiKey,
      endpointId: server.endpointIds[0]!,
      otherEndpointId: server.endpointIds[1]!,
      runs: 5,
      seed: SEED,
      ...run,
    });
    return { report, apiKey: server.apiKey, createdKeys };
  } finally {
    await server.close();
  }
}

/**
 * Every response the bundled spec documents, as `operationId status mediaType` ('' for a response without content),
 * read straight from the contract: each operation's responses, and the document's 405 for undeclared methods.
 */
export function documentedResponses(): string[] {
  const contract = loadContract();
  const keys = contract.operations.flatMap((op) =>
    op.responses.flatMap((r) =>
      (r.content.length > 0 ? r.content.map((c) => c.mediaType) : ['']).map(
        (m) => `${op.operationId} ${r.status} ${m}`,
      ),
    ),
  );
  const mna = contract.methodNotAllowed;
  return [...keys, ...(mna?.content ?? []).map((c) => `${METHOD_NOT_ALLOWED_KEY} ${mna?.status ?? ''} ${c.mediaType}`)];
}
