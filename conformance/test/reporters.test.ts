import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAjv, packageRoot } from '../../contract/src/index.js';
import { createServer, type RunningServer } from '../../reference-server/src/index.js';
import { renderJson, renderJunit, renderPretty, runConformance } from '../src/index.js';
import type { Report } from '../src/types.js';
import { startFaultyProxy } from './support/faulty-proxy.js';

/** A server that leaks: every response after a create carries the last created key in a header and the body. */
describe('reporters', () => {
  let server: RunningServer;
  let proxy: Awaited<ReturnType<typeof startFaultyProxy>>;
  let report: Report;
  const createdKeys: string[] = [];

  beforeAll(async () => {
    server = await createServer({ log: () => undefined });
    let last = '';
    proxy = await startFaultyProxy(server.url, async (r, fwd) => {
      const res = await fwd(r);
      const m = /[0-9a-f]{64}/.exec(res.body);
      if (res.status === 201 && m) {
        last = m[0];
        createdKeys.push(last);
      } else if (last) {
        res.headers['x-leak'] = last;
        // The same secrets in upper case: a case-insensitive copy is still the secret.
        res.headers['x-leak-upper'] = `${last.toUpperCase()} ${server.apiKey.toUpperCase()}`;
        if (res.status >= 400)
          res.body = res.body.replace('"detail":"', `"detail":"key ${last} apikey ${server.apiKey} `);
      }
      return res;
    });
    report = await runConformance({
      target: proxy.url,
      apiKey: server.apiKey,
      endpointId: server.endpointIds[0]!,
      runs: 5,
      seed: 9,
    });
  });
  afterAll(async () => {
    await proxy.close();
    await server.close();
  });

  it('the run fails on the leak and says so', () => {
    expect(report.checks.find((c) => c.id === 'key-once-only')?.status).toBe('failed');
  });

  it('no reporter output contains the API key or any created key, or 12 characters of one', () => {
    expect(createdKeys.length).toBeGreaterThan(10);
    for (const raw of [renderJson(report), renderJunit(report), renderPretty(report, { color: false })]) {
      const text = raw.toLowerCase();
      expect(text).not.toContain(server.apiKey.toLowerCase());
      expect(raw).toContain('$APIKEYS_KIT_API_KEY');
      for (const k of createdKeys)
        for (let i = 0; i + 12 <= k.length; i += 4) expect(text).not.toContain(k.slice(i, i + 12));
    }
    expect(renderJson(report)).toMatch(/other letter case/);
    expect(renderJson(report)).toMatch(/<created-key-\d+>/);
  });

  it('JUnit output is well-formed XML with one testcase per check and a failure per failed check', () => {
    const xml = renderJunit(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      testsuites: { testsuite: { testcase: { name: string; failure?: unknown }[]; failures: string } };
    };
    const cases = doc.testsuites.testsuite.testcase;
    expect(cases.map((c) => c.name)).toEqual(report.checks.map((c) => c.id));
    expect(cases.filter((c) => c.failure !== undefined).length).toBe(report.summary.failed);
    expect(Number(doc.testsuites.testsuite.failures)).toBe(report.summary.failed);
  });

  it('JSON output validates against the shipped report schema', () => {
    const schema = JSON.parse(readFileSync(join(packageRoot(), 'conformance/report.schema.json'), 'utf8')) as object;
    const validate = createAjv().compile(schema);
    const ok = validate(JSON.parse(renderJson(report)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema rejects a report whose failed check has no violation', () => {
    const schema = JSON.parse(readFileSync(join(packageRoot(), 'conformance/report.schema.json'), 'utf8')) as object;
    const validate = createAjv().compile(schema);
    const broken = JSON.parse(renderJson(report)) as Report;
    broken.checks[0] = { ...broken.checks[0]!, status: 'failed', violations: [] };
    expect(validate(broken)).toBe(false);
  });

  it('each failure carries the rule, a seed to replay and a curl command without the key', () => {
    const failures = report.checks.filter((c) => c.status === 'failed');
    expect(failures.length).toBeGreaterThan(0);
    for (const c of failures) expect(c.rule.length).toBeGreaterThan(0);
    const curls = failures.flatMap((c) => c.violations.map((v) => v.curl)).filter((c): c is string => c !== undefined);
    expect(curls.length).toBeGreaterThan(0);
    for (const c of curls) expect(c).not.toContain(server.apiKey);
    expect(curls.some((c) => c.includes('"X-API-Key: $APIKEYS_KIT_API_KEY"'))).toBe(true);
    const pretty = renderPretty(report, { color: false });
    expect(pretty.trimEnd().split('\n').at(-1)).toMatch(/^\d+ passed, \d+ failed(, \d+ skipped)?$/);
  });
});
