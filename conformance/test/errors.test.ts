import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConformanceError, runConformance, type ConformanceErrorCode, type ConformanceOptions } from '../src/index.js';
import { freePort } from './support/free-port.js';

const ENDPOINT = '0123456789abcdef01234567';
const target = (over: Partial<{ target: string; apiKey: string; endpointId: string; otherEndpointId: string }> = {}) =>
  ({ target: 'http://127.0.0.1:1', apiKey: 'k', endpointId: ENDPOINT, ...over }) as ConformanceOptions;

/** The code of the ConformanceError a run rejects with. */
async function codeOf(options: ConformanceOptions): Promise<ConformanceErrorCode> {
  const error = await runConformance(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConformanceError);
  return (error as ConformanceError).code;
}

describe('runConformance rejects with a ConformanceError whose code says why the run cannot start', () => {
  it('USAGE for bad options', async () => {
    expect(await codeOf({ ...target(), runs: 0 })).toBe('USAGE');
    expect(await codeOf({ ...target(), only: ['no-such-check'] })).toBe('USAGE');
    expect(await codeOf(target({ target: 'not a url' }))).toBe('USAGE');
    expect(await codeOf(target({ target: 'ftp://h/' }))).toBe('USAGE');
    expect(await codeOf(target({ apiKey: '' }))).toBe('USAGE');
    expect(await codeOf(target({ endpointId: 'NOT-AN-ID' }))).toBe('USAGE');
    expect(await codeOf(target({ otherEndpointId: ENDPOINT }))).toBe('USAGE');
  });

  it('SPEC_UNREADABLE for a spec the contract library cannot load, with the cause kept', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'errors-')), 'openapi.json');
    writeFileSync(file, '{"openapi": "2.0"}');
    const error = await runConformance({ ...target(), specPath: file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConformanceError);
    expect((error as ConformanceError).code).toBe('SPEC_UNREADABLE');
    expect((error as ConformanceError).cause).toBeInstanceOf(Error);
    expect(await codeOf({ ...target(), specPath: join(tmpdir(), 'no-such-dir', 'openapi.yaml') })).toBe(
      'SPEC_UNREADABLE',
    );
  });

  it('TARGET_START_FAILED when the target to start does not start or has no Endpoint', async () => {
    const closed: string[] = [];
    const failing = { start: () => Promise.reject(new Error('port in use')) };
    const empty = {
      start: () =>
        Promise.resolve({
          url: 'http://127.0.0.1:1',
          apiKey: 'k',
          endpointIds: [],
          close: () => Promise.resolve(void closed.push('x')),
        }),
    };
    expect(await codeOf(failing)).toBe('TARGET_START_FAILED');
    expect(await codeOf(empty)).toBe('TARGET_START_FAILED');
    expect(closed).toEqual(['x']);
  });

  it('TARGET_UNREACHABLE when nothing answers at the target', async () => {
    expect(await codeOf(target({ target: `http://127.0.0.1:${await freePort()}` }))).toBe('TARGET_UNREACHABLE');
  });
});
