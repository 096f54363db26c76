import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { conformanceCommand } from '../commands/conformance.js';
import { catalogue } from '../../conformance/src/index.js';

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('apikeys-kit conformance --concurrency', () => {
  it.each(['0', '-2', '1.5', 'eight'])('refuses %s as a usage error (exit 2)', async (value) => {
    const code = await conformanceCommand.run([`--concurrency=${value}`]);
    expect(code).toBe(2);
    expect(err).toContain('--concurrency must be an integer >= 1');
  });

  it('prints the progress lines in catalogue order however the checks interleave', async () => {
    const code = await conformanceCommand.run(['--runs', '2', '--seed', '6', '--concurrency', '16']);
    expect(code).toBe(0);
    const lines = out.split('\n').filter((l) => /^\[\s*\d+\/\d+\] PASS /.test(l));
    expect(lines.map((l) => l.split(' PASS ')[1]?.split(' ')[0])).toEqual(catalogue.map((c) => c.id));
  });
});
