import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledSpecPath, contractFromDocument } from '../../contract/src/index.js';
import { apiModel } from '../src/api-model.js';
import { ConformanceError, runConformance } from '../src/index.js';
import { referenceServerTarget } from '../../cli/in-process-target.js';

type Json = Record<string, unknown>;

/** The object at a path of keys in a JSON document. */
function at(doc: unknown, ...keys: string[]): Json {
  let cur = doc;
  for (const key of keys) cur = (cur as Json)[key];
  expect(cur, keys.join(' / ')).toBeTypeOf('object');
  return cur as Json;
}

/** What a function throws (undefined when it returns). */
function catching(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

const fresh = (): Json => JSON.parse(readFileSync(bundledSpecPath(), 'utf8')) as Json;
const listOp = (doc: Json) => at(doc, 'paths', '/v2.0/endpoints/{endpointId}/apikeys', 'get');

/** The document with an integer field before `total` in the page and the list's query parameters in reverse order. */
function reshuffled(): Json {
  const doc = fresh();
  const page = at(doc, 'components', 'schemas', 'EndpointApiKeyList');
  page['properties'] = { count: { type: 'integer', minimum: 0 }, ...at(page, 'properties') };
  const parameters = listOp(doc)['parameters'];
  expect(Array.isArray(parameters)).toBe(true);
  (parameters as unknown[]).reverse();
  return doc;
}

describe('roles come from x-role markers (spec: Roles), never from names or shapes', () => {
  it('finds total and the cursors by their markers when an integer field comes first and the parameters are reordered', () => {
    const api = apiModel(contractFromDocument(reshuffled()));
    expect(api.totalField).toBe('total');
    expect(api.cursors).toEqual([
      { param: 'next', field: 'nextCursor' },
      { param: 'previous', field: 'previousCursor' },
    ]);
    expect(api.limitParam?.name).toBe('limit');
  });

  it('still drives the pagination check correctly with that document', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'roles-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(reshuffled()));
    const report = await runConformance({
      ...referenceServerTarget,
      specPath: file,
      only: ['pagination', 'negative-inputs'],
      runs: 5,
      seed: 3,
    });
    expect(report.checks.filter((c) => c.status === 'failed').map((c) => c.violations.map((v) => v.message))).toEqual(
      [],
    );
    expect(report.summary.passed).toBe(2);
  });

  it.each([
    [
      'the total field',
      (d: Json) => delete at(d, 'components', 'schemas', 'EndpointApiKeyList', 'properties', 'total')['x-role'],
      /x-role: total/,
    ],
    [
      'the next cursor parameter',
      (d: Json) => delete at(d, 'components', 'parameters', 'NextCursor')['x-role'],
      /x-role: next-cursor/,
    ],
    [
      'the read operation',
      (d: Json) => delete at(d, 'paths', '/v2.0/endpoints/{endpointId}/apikeys/{apiKeyId}', 'get')['x-role'],
      /x-role: read/,
    ],
    [
      'the id field',
      (d: Json) => delete at(d, 'components', 'schemas', 'EndpointApiKeyCreated', 'properties', '_id')['x-role'],
      /x-role: id/,
    ],
  ])('names the marker when %s has none', (_what, remove, message) => {
    const doc = fresh();
    remove(doc);
    const contract = contractFromDocument(doc);
    const error = catching(() => apiModel(contract));
    expect(error).toBeInstanceOf(ConformanceError);
    expect((error as ConformanceError).code).toBe('SPEC_UNSUPPORTED');
    expect((error as ConformanceError).message).toMatch(message);
  });
});
