import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadContract, sourceSpecPath } from '../../contract/src/index.js';
import { Coverage } from '../src/coverage.js';
import { rewriteResponses } from './faults/fault.js';
import { runAgainst } from './faults/run.js';

const contract = loadContract(sourceSpecPath());
const API_KEY = 'coverage-test-key-0123456789abcdef';

describe('coverage of x-optional responses (the 429 an implementation may send)', () => {
  it('marks every documented 429, and nothing else, optional; every operation documents one', () => {
    const matrix = new Coverage(contract).matrix();
    const optional = matrix.filter((e) => e.optional);
    expect(optional.map((e) => `${e.operationId} ${e.status}`).sort()).toEqual(
      contract.operations.map((op) => `${op.operationId} 429`).sort(),
    );
    expect(matrix.filter((e) => e.status === '429' && !e.optional)).toEqual([]);
  });

  it('passes a server that never answers 429, noting the optional responses as not observed', async () => {
    const report = await runAgainst({}, { only: ['coverage'] });
    const coverage = report.checks.find((c) => c.id === 'coverage')!;
    expect(coverage.status).toBe('passed');
    expect(coverage.notes).toContain('4 optional responses (x-optional: may be sent, need never be), 0 observed');
  });

  it('counts a 429 it observed (a limiter that throttles failed authentications); http-contract accepts it', async () => {
    const report = await runAgainst(
      { apiKey: API_KEY, wrapHandler: throttleFailedAuth({ 'retry-after': '30' }) },
      // --retries 0: the kit does not wait the 429 out (README, Real targets) but judges it as the answer.
      { only: ['coverage', 'http-contract'], maxRetries: 0 },
    );
    const coverage = report.checks.find((c) => c.id === 'coverage')!;
    const ran = report.checks.filter((c) => c.status !== 'skipped');
    expect(ran.map((c) => `${c.id} ${c.status}`)).toEqual(['http-contract passed', 'coverage passed']);
    expect(coverage.notes.join('\n')).toMatch(
      /4 optional responses .*, 1 observed: createEndpointApiKey 429 application\/problem\+json ×\d+/,
    );
  });

  it('fails a 429 without Retry-After (required where a 429 is sent)', async () => {
    const report = await runAgainst(
      { apiKey: API_KEY, wrapHandler: throttleFailedAuth({}) },
      { only: ['http-contract'], maxRetries: 0 },
    );
    const check = report.checks.find((c) => c.id === 'http-contract')!;
    expect(check.status).toBe('failed');
    expect(check.violations.map((v) => v.message).join('\n')).toMatch(/429.*Retry-After|Retry-After.*429/is);
  });
});

/** A rate limiter that answers 429 to a create with a wrong API key (brute-force protection). */
function throttleFailedAuth(extraHeaders: Record<string, string>) {
  return rewriteResponses((res, req) => {
    const key = req.headers['x-api-key'];
    if (req.method !== 'POST' || key === undefined || key === API_KEY) return res;
    const problem = {
      type: 'urn:example:problem:too-many-requests',
      title: 'Too many requests',
      status: 429,
      detail: 'Too many failed authentications; retry later.',
      instance: req.url.split('?')[0],
      traceId: randomBytes(16).toString('hex'),
    };
    const headers = { 'content-type': 'application/problem+json', ...extraHeaders };
    return { ...res, status: 429, headers, body: JSON.stringify(problem) };
  });
}
