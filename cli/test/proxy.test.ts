import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { checkResponse, loadContract, sourceSpecPath } from '../../contract/src/index.js';
import { createServer, type RunningServer } from '../../reference-server/src/index.js';
import { upstreamProblem } from '../commands/proxy.js';
import { CLI, freePort, startCli, type Spawned } from './support.js';

const contract = loadContract(sourceSpecPath());
const createOp = contract.operation('createEndpointApiKey');

describe('apikeys-kit proxy (Prism validating proxy) in front of the reference server', () => {
  let upstream: RunningServer;
  let proxy: Spawned;
  let collection: string;
  const keys: string[] = [];

  beforeAll(async () => {
    upstream = await createServer({ port: 0, host: '127.0.0.1', log: () => {} });
    const port = await freePort();
    proxy = await startCli(['proxy', '--upstream', upstream.url, '--port', String(port)], /Prism is listening/);
    collection = `http://127.0.0.1:${port}/v2.0/endpoints/${upstream.endpointIds[0]}/apikeys`;
  });
  afterAll(async () => {
    await proxy?.stop();
    await upstream?.close();
  });

  const create = (body: string) =>
    request(collection, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': upstream.apiKey },
      body,
    });

  it('forwards a valid create to the upstream and returns its 201 with the key, reporting no violation', async () => {
    const res = await create(JSON.stringify({ name: 'Through the proxy' }));
    const body = await res.body.text();
    expect(res.statusCode).toBe(201);
    expect(res.headers['sl-violations']).toBeUndefined();
    const created = JSON.parse(body) as { key: string; _id: string };
    keys.push(created.key);
    expect(created.key).toMatch(/^[0-9a-f]{64}$/);
    const check = checkResponse(contract, createOp.responses, { status: res.statusCode, headers: res.headers, body });
    expect(check.violations).toEqual([]);
    // The key was stored by the upstream, not invented by Prism: the upstream lists it.
    const list = await request(`${upstream.url}/v2.0/endpoints/${upstream.endpointIds[0]}/apikeys`, {
      headers: { 'x-api-key': upstream.apiKey },
    });
    expect(((await list.body.json()) as { items: { _id: string }[] }).items.map((i) => i._id)).toContain(created._id);
  });

  it("reports a request that violates the contract in sl-violations and in its log, and returns the upstream's 400", async () => {
    const res = await create(JSON.stringify({ name: 'x', extra: 1 }));
    const body = await res.body.text();
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(body)).toMatchObject({ status: 400, errors: [{ in: 'body' }] });
    const violations = JSON.parse(String(res.headers['sl-violations'])) as { location: string[]; code: string }[];
    expect(violations).toContainEqual(
      expect.objectContaining({ location: ['request', 'body'], code: 'additionalProperties' }),
    );
    await expect.poll(() => proxy.output(), { timeout: 5_000 }).toMatch(/Violation: request\.body .*additional/);
  });

  it('prints neither the X-API-Key value nor a created key', () => {
    expect(keys.length).toBeGreaterThan(0);
    for (const secret of [upstream.apiKey, ...keys]) expect(proxy.output()).not.toContain(secret);
  });
});

describe('apikeys-kit proxy options', () => {
  it('requires --upstream and refuses a URL that is not http(s) or carries credentials (exit 2)', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'proxy', ...args], { encoding: 'utf8' });
    expect(run().status).toBe(2);
    expect(run().stderr).toContain('--upstream URL is required');
    expect(run('--upstream', 'ftp://example.com').status).toBe(2);
    expect(run('--upstream', 'http://127.0.0.1:1', '--port', '70000').status).toBe(2);
    expect(upstreamProblem('example.com')).toMatch(/absolute http or https URL/);
    expect(upstreamProblem('https://user:secret@example.com')).toMatch(/must not carry credentials/);
    expect(upstreamProblem('https://example.com/new?x=1')).toMatch(/query/);
    expect(upstreamProblem('https://api-trial.cognigy.ai/new')).toBeUndefined();
  });
});
