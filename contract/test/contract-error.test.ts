import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContractError, contractFromDocument, loadContract, readSpecDocument, sourceSpecPath } from '../src/index.js';

/** The error `run` throws, which must be a ContractError. */
function contractErrorOf(run: () => unknown): ContractError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ContractError);
    return e as ContractError;
  }
  throw new Error('expected a ContractError, nothing was thrown');
}

const dir = mkdtempSync(join(tmpdir(), 'contract-error-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const spec = (): Record<string, unknown> => readSpecDocument(sourceSpecPath());

describe('ContractError codes', () => {
  it('SPEC_UNREADABLE for a missing file or a file that does not parse', () => {
    expect(contractErrorOf(() => loadContract(join(dir, 'missing.yaml'))).code).toBe('SPEC_UNREADABLE');
    expect(contractErrorOf(() => loadContract(file('broken.json', '{ "openapi": '))).code).toBe('SPEC_UNREADABLE');
  });

  it('SPEC_INVALID for a document that is not OpenAPI 3.1, or a reference that leads nowhere', () => {
    const e = contractErrorOf(() => loadContract(file('old.yaml', 'openapi: 3.0.3\n')));
    expect(e.code).toBe('SPEC_INVALID');
    expect(e.message).toMatch(/not an OpenAPI 3\.1 document/);
    const doc = spec();
    doc['paths'] = { '/x': { get: { responses: { '200': { $ref: '#/components/responses/Nowhere' } } } } };
    expect(contractErrorOf(() => contractFromDocument(doc)).code).toBe('SPEC_INVALID');
  });

  it('MARKER_MISSING for x-method-not-allowed without recognisedMethods, naming the marker', () => {
    const doc = spec();
    doc['x-method-not-allowed'] = { description: 'no list' };
    const e = contractErrorOf(() => contractFromDocument(doc));
    expect(e.code).toBe('MARKER_MISSING');
    expect(e.message).toMatch(/recognisedMethods/);
  });

  it('NOT_IN_SPEC for an operation or schema the spec lacks', () => {
    const contract = loadContract(sourceSpecPath());
    expect(contractErrorOf(() => contract.operation('noSuchOperation')).code).toBe('NOT_IN_SPEC');
    expect(contractErrorOf(() => contract.schema('NoSuchSchema')).code).toBe('NOT_IN_SPEC');
  });
});
