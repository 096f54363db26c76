import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { checkResponse, loadContract, sourceSpecPath } from '../../contract/src/index.js';
import { freePort, startCli, type Spawned } from './support.js';

const seed = JSON.parse(readFileSync(new URL('../../spec/test/fixtures/seed.json', import.meta.url), 'utf8')) as {
  request: { body: unknown };
  response: Record<string, unknown>;
  exampleIds: { endpointId: string; _id: string };
};
const contract = loadContract(sourceSpecPath());
const createOp = contract.operation('createEndpointApiKey');

describe('apikeys-kit mock (Prism)', () => {
  let mock: Spawned;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    mock = await startCli(['mock', '--port', String(port)], /Prism is listening/);
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await mock?.stop();
  });

  const seedRequest = (headers: Record<string, string>) =>
    request(`${base}/v2.0/endpoints/${seed.exampleIds.endpointId}/apikeys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(seed.request.body),
    });

  it("answers the seed's request with the seed's example body", async () => {
    const res = await seedRequest({ 'x-api-key': 'any-key-the-mock-accepts' });
    const body = await res.body.text();
    expect(res.statusCode).toBe(201);
    expect(JSON.parse(body)).toEqual({ ...seed.response, _id: seed.exampleIds._id });
    const check = checkResponse(
      contract,
      createOp.responses,
      { status: res.statusCode, headers: res.headers, body },
      { types: ['application/json'], notAcceptable: false },
    );
    expect(check.violations).toEqual([]);
  });

  it('answers 401 with the documented problem when X-API-Key is missing', async () => {
    const res = await seedRequest({});
    const body = await res.body.text();
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(
      checkResponse(contract, createOp.responses, { status: res.statusCode, headers: res.headers, body }).violations,
    ).toEqual([]);
  });
});
