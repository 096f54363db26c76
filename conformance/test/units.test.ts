import { describe, expect, it } from 'vitest';
import { curlOf, shellQuote } from '../src/curl.js';
import { scrubber } from '../src/scrub.js';
import { SecretTracker } from '../src/secret-tracker.js';
import { binomialLowerTail, binomialUpperTail } from '../src/stats.js';

describe('SecretTracker', () => {
  it('finds whole keys and runs of 12 or more characters, and nothing shorter', () => {
    const t = new SecretTracker(12);
    const key = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
    t.add(key, 1);
    expect(t.find(`x${key}y`)).toEqual([{ secret: 1, start: 1, length: 64, secretOffset: 0, exact: true }]);
    expect(t.find(`x${key.toUpperCase()}y`)).toEqual([
      { secret: 1, start: 1, length: 64, secretOffset: 0, exact: false },
    ]);
    expect(t.find(`id=${key.slice(5, 17)}`)).toHaveLength(1);
    expect(t.find(key.slice(5, 16))).toEqual([]);
  });
});

describe('scrubber', () => {
  it('replaces the API key and created keys, whole or in part', () => {
    const t = new SecretTracker();
    const created = 'f'.repeat(4) + '0123456789abcdef'.repeat(3) + 'e'.repeat(12);
    t.add(created, 1);
    const scrub = scrubber('my-api-key-0123456789', t);
    const out = scrub(`key ${created} part ${created.slice(10, 30)} api my-api-key-0123456789 and my-api-key-01234x`);
    expect(out).not.toContain(created.slice(10, 22));
    expect(out).not.toContain('my-api-key-0123456789');
    expect(out).toContain('<created-key-1>');
    expect(out).toContain('<created-key-1[10..30]>');
    expect(out).toContain('$APIKEYS_KIT_API_KEY');
    expect(out).toContain('<api-key[0..16]>');
  });

  it('replaces a short API key only where it stands alone', () => {
    const scrub = scrubber('x', new SecretTracker());
    expect(scrub('5xx with key x')).toBe('5xx with key $APIKEYS_KIT_API_KEY');
  });
});

describe('curlOf', () => {
  it('writes the run key as $APIKEYS_KIT_API_KEY and quotes everything else', () => {
    const c = curlOf(
      {
        method: 'POST',
        url: 'http://h/p',
        requestHeaders: { 'x-api-key': 'sekret', accept: "it's" },
        requestBody: '{"name":"a\u0001"}',
      },
      'X-API-Key',
      'sekret',
    );
    expect(c).not.toContain('sekret');
    expect(c).toContain('"X-API-Key: $APIKEYS_KIT_API_KEY"');
    expect(c).toContain(`'accept: it'\\''s'`);
    expect(c).toContain(`$'{"name":"a\\x01"}'`);
  });

  it('writes a large repetitive body as a generator', () => {
    const c = curlOf(
      { method: 'POST', url: 'http://h/p', requestHeaders: {}, requestBody: `{"name":"${'a'.repeat(9000)}"}` },
      'X-API-Key',
      'k',
    );
    expect(c.length).toBeLessThan(400);
    expect(c).toContain('head -c 9000 /dev/zero');
    expect(shellQuote('a b')).toBe("'a b'");
  });
});

describe('binomial tails', () => {
  it('match exact small cases', () => {
    expect(binomialUpperTail(4, 4, 0.5)).toBeCloseTo(1 / 16, 12);
    expect(binomialLowerTail(4, 0, 0.5)).toBeCloseTo(1 / 16, 12);
    expect(binomialUpperTail(10, 0, 0.3)).toBe(1);
    expect(binomialUpperTail(200, 200, 1 / 16)).toBeLessThan(1e-200);
  });
});

describe('scrubber, letter case', () => {
  it('replaces an upper-cased created key and API key, and says they were in another case', async () => {
    const { SecretTracker } = await import('../src/secret-tracker.js');
    const { scrubber } = await import('../src/scrub.js');
    const t = new SecretTracker();
    const key = '8a4fcd9b2e5f17b03f9c4a6d7c2e5f17b03f9c4a6d7c2e5f17b03f9c4a6d7c2e';
    t.add(key, 1);
    const apiKey = 'aB3dE5gH7jK9mN1pQ3sT5vX7';
    const out = scrubber(apiKey, t)(`${key.toUpperCase()} | ${apiKey.toUpperCase()} | ${apiKey}`);
    expect(out.toLowerCase()).not.toContain(key.slice(0, 12));
    expect(out.toLowerCase()).not.toContain(apiKey.toLowerCase().slice(0, 12));
    expect(out).toBe(
      '<created-key-1, other letter case> | <$APIKEYS_KIT_API_KEY, other letter case> | $APIKEYS_KIT_API_KEY',
    );
  });
});

describe('apiKeyExpression', () => {
  it('writes near misses of the API key as bash expressions of $APIKEYS_KIT_API_KEY, and unrelated values as undefined', async () => {
    const { apiKeyExpression } = await import('../src/curl.js');
    const k = 'Abc123def456GHI789jkl';
    expect(apiKeyExpression(k, k)).toBe('$APIKEYS_KIT_API_KEY');
    expect(apiKeyExpression(k.toUpperCase(), k)).toBe('${APIKEYS_KIT_API_KEY^^}');
    expect(apiKeyExpression(k.toLowerCase(), k)).toBe('${APIKEYS_KIT_API_KEY,,}');
    expect(apiKeyExpression(k.slice(0, 7), k)).toBe('${APIKEYS_KIT_API_KEY:0:7}');
    expect(apiKeyExpression(`${k}x"`, k)).toBe('${APIKEYS_KIT_API_KEY}x\\"');
    expect(apiKeyExpression(`${k.slice(0, 5)}Z${k.slice(6)}`, k)).toBe(
      '${APIKEYS_KIT_API_KEY:0:5}Z${APIKEYS_KIT_API_KEY:6}',
    );
    expect(apiKeyExpression('something else entirely', k)).toBeUndefined();
  });
});
