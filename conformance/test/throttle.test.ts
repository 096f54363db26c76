import { describe, expect, it } from 'vitest';
import { curlOf } from '../src/curl.js';
import { extraHeaders, parseHeaderArgument } from '../src/extra-headers.js';
import { scrubber } from '../src/scrub.js';
import { SecretTracker } from '../src/secret-tracker.js';
import { parseHttpDate, retryAfterMs, throttleDecision } from '../src/throttle.js';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const policy = { maxRetries: 3, maxWaitMs: 60_000 };

describe('Retry-After (RFC 9110 §10.2.3)', () => {
  it('reads delay-seconds, and each of the three HTTP-date forms of §5.6.7', () => {
    expect(retryAfterMs('7', undefined, NOW)).toBe(7000);
    expect(retryAfterMs(' 0 ', undefined, NOW)).toBe(0);
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', NOW)).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994', NOW)).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
  });

  it('measures a date from the response Date, a past date is 0, anything else is no Retry-After', () => {
    expect(retryAfterMs('Mon, 30 Nov 2026 12:00:05 GMT', 'Mon, 30 Nov 2026 12:00:02 GMT', NOW + 60_000)).toBe(3000);
    expect(retryAfterMs('Mon, 30 Nov 2026 12:00:05 GMT', undefined, NOW)).toBe(5000);
    expect(retryAfterMs('Mon, 30 Nov 2026 11:00:00 GMT', undefined, NOW)).toBe(0);
    for (const bad of ['-1', '1.5', 'soon', '30 Nov 2026', 'Mon, 30 Nov 2026 12:00:05 UTC', ''])
      expect(retryAfterMs(bad, undefined, NOW)).toBeUndefined();
  });
});

describe('throttleDecision', () => {
  const r = (status: number, headers: Record<string, string> = {}) => ({ status, headers });

  it('waits out 429 with or without Retry-After, and 503 only with it', () => {
    expect(throttleDecision(r(429, { 'retry-after': '2' }), 0, policy, NOW)).toEqual({ waitMs: 2000, retryAfter: '2' });
    expect(throttleDecision(r(503, { 'retry-after': '2' }), 0, policy, NOW)).toEqual({ waitMs: 2000, retryAfter: '2' });
    expect(throttleDecision(r(429), 0, policy, NOW)).toEqual({ waitMs: 1000 });
    expect(throttleDecision(r(429), 2, policy, NOW)).toEqual({ waitMs: 4000 });
    expect(throttleDecision(r(429), 2, { maxRetries: 3, maxWaitMs: 1500 }, NOW)).toEqual({ waitMs: 1500 });
    expect(throttleDecision(r(503), 0, policy, NOW)).toBeUndefined();
    expect(throttleDecision(r(500, { 'retry-after': '1' }), 0, policy, NOW)).toBeUndefined();
    expect(throttleDecision(r(200, { 'retry-after': '1' }), 0, policy, NOW)).toBeUndefined();
  });

  it('with --retries 0 waits nothing out: the 429 or 503 is the answer', () => {
    const none = { maxRetries: 0, maxWaitMs: 60_000 };
    expect(throttleDecision(r(429, { 'retry-after': '2' }), 0, none, NOW)).toBeUndefined();
    expect(throttleDecision(r(429), 0, none, NOW)).toBeUndefined();
    expect(throttleDecision(r(503, { 'retry-after': '2' }), 0, none, NOW)).toBeUndefined();
  });

  it('gives up past the retries or the longest wait, saying which', () => {
    expect(throttleDecision(r(429, { 'retry-after': '1' }), 3, policy, NOW)).toEqual({
      giveUp: 'still 429 after 3 retries (--retries 3)',
    });
    expect(throttleDecision(r(503, { 'retry-after': '61' }), 0, policy, NOW)).toEqual({
      giveUp: 'the target asked to wait 61 s (503, Retry-After: 61), longer than the cap of 60 s (--max-retry-wait)',
    });
  });
});

describe('extra headers', () => {
  it('parse from --header, get a shell variable each, and refuse what the checks control', () => {
    expect(parseHeaderArgument('X-Tenant:  acme corp ')).toEqual(['X-Tenant', 'acme corp']);
    expect(() => parseHeaderArgument('X-Tenant acme')).toThrow(/Name: value/);
    const headers = extraHeaders({ 'X-Tenant': 'a', 'x.tenant': 'b', Authorization: 'Bearer t' }, 'X-API-Key');
    expect(headers.map((h) => [h.name, h.variable])).toEqual([
      ['x-tenant', 'APIKEYS_KIT_HEADER_X_TENANT'],
      ['x.tenant', 'APIKEYS_KIT_HEADER_X_TENANT_2'],
      ['authorization', 'APIKEYS_KIT_HEADER_AUTHORIZATION'],
    ]);
    expect(() => extraHeaders({ 'X-Api-Key': 'x' }, 'X-API-Key')).toThrow(/the checks control that field/);
    expect(() => extraHeaders({ 'X-T': 'a', 'x-t': 'b' }, 'X-API-Key')).toThrow(/given twice/);
  });

  it('are written as their variable in curl commands and scrubbed from any text', () => {
    const [tenant] = extraHeaders({ 'X-Tenant': "tenant's-secret-value-1234" }, 'X-API-Key');
    const curl = curlOf(
      { method: 'GET', url: 'http://127.0.0.1/x', requestHeaders: { 'x-tenant': tenant!.value, accept: 'text/csv' } },
      'X-API-Key',
      'api-key-0123456789abcdef',
      [tenant!],
    );
    expect(curl).toBe(
      `curl --include --request 'GET' --url 'http://127.0.0.1/x' --header "x-tenant: $APIKEYS_KIT_HEADER_X_TENANT" --header 'accept: text/csv'`,
    );
    const [odd] = extraHeaders({ 'X-$HOME`': 'odd-header-value-0123' }, 'X-API-Key');
    expect(
      curlOf({ method: 'GET', url: 'u', requestHeaders: { [odd!.name]: odd!.value } }, 'X-API-Key', 'k', [odd!]),
    ).toContain('"x-\\$home\\`: $APIKEYS_KIT_HEADER_X_HOME_"');
    const scrub = scrubber('api-key-0123456789abcdef', new SecretTracker(), [
      { value: tenant!.value, placeholder: '$APIKEYS_KIT_HEADER_X_TENANT', label: 'x-tenant' },
    ]);
    expect(scrub(`echo ${tenant!.value} and ${tenant!.value.slice(2, 20).toUpperCase()}`)).toBe(
      'echo $APIKEYS_KIT_HEADER_X_TENANT and <x-tenant[2..20], other letter case>',
    );
  });
});
