import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadContract } from '../../contract/src/index.js';
import { API_KEY_ENV, parseServeArgs, SERVE_HELP, serveCommand } from '../commands/serve.js';
import { ContractClient } from '../../reference-server/test/support/contract-client.js';

/** Runs `serve` in this process with stdout and stderr captured. */
function runServe(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const capture = (sink: string[]) => (chunk: string | Uint8Array) => {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture(out));
  vi.spyOn(process.stderr, 'write').mockImplementation(capture(err));
  const before = new Set([...process.listeners('SIGINT'), ...process.listeners('SIGTERM')]);
  const exit = serveCommand.run(argv);
  /** Delivers a signal to the listeners `serve` added only (the test runner may listen for signals too). */
  const signal = (name: 'SIGINT' | 'SIGTERM') => {
    const added = process.listeners(name).filter((l) => !before.has(l));
    expect(added).toHaveLength(1);
    for (const l of added) l(name);
  };
  const started = async () => {
    for (let i = 0; i < 200 && !out.join('').includes('Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 10));
    return out.join('');
  };
  return { exit, started, signal, out, err };
}

/** The pieces of the printed curl command. */
function parseCurl(banner: string, env: Record<string, string>) {
  const curl = banner
    .slice(banner.indexOf('curl '))
    .split('\n\n')[0]!
    .replace(/\\\n\s*/g, ' ');
  const expand = (s: string) => s.replace(/\$([A-Z_]+)/g, (_, n: string) => env[n] ?? '');
  const url = /--url '([^']+)'/.exec(curl)![1]!;
  const headers = Object.fromEntries(
    [...curl.matchAll(/--header (?:'([^']+)'|"([^"]+)")/g)].map((m) => {
      const h = m[1] ?? expand(m[2]!);
      return [h.slice(0, h.indexOf(':')).trim(), h.slice(h.indexOf(':') + 1).trim()];
    }),
  );
  return { method: /--request (\w+)/.exec(curl)![1]!, url, headers, data: /--data '([^']+)'/.exec(curl)![1]! };
}

describe('apikeys-kit serve', () => {
  const savedEnv = process.env[API_KEY_ENV];
  afterEach(() => {
    vi.restoreAllMocks();
    if (savedEnv === undefined) delete process.env[API_KEY_ENV];
    else process.env[API_KEY_ENV] = savedEnv;
  });

  it("prints a curl of the seed's request that, with the printed key, creates a key of the seed's shape", async () => {
    delete process.env[API_KEY_ENV];
    const run = runServe(['--port', '0']);
    const banner = await run.started();
    const apiKey = /export APIKEYS_KIT_API_KEY=([0-9a-f]{64})/.exec(banner)![1]!;
    const baseUrl = /Base URL:\s+(\S+)/.exec(banner)![1]!;
    const endpointId = /Endpoint ids:\s+(\S+)/.exec(banner)![1]!;
    const curl = parseCurl(banner, { [API_KEY_ENV]: apiKey });
    expect(curl.url).toBe(`${baseUrl}/v2.0/endpoints/${endpointId}/apikeys`);

    const contract = loadContract();
    const client = new ContractClient({ url: baseUrl, apiKey, contract });
    const res = await client.send(curl.method, curl.url.slice(baseUrl.length), {
      headers: curl.headers,
      body: curl.data,
    });
    const seed = contract.operation('createEndpointApiKey').responses.find((r) => r.status === '201')!.content[0]!
      .examples[0];

    expect(res.status).toBe(201);
    expect(Object.keys(res.json).sort()).toEqual(Object.keys(seed as object).sort());
    expect(res.json.name).toBe((seed as { name: string }).name);
    expect(banner.split(apiKey)).toHaveLength(2); // printed exactly once

    run.signal('SIGINT');
    expect(await run.exit).toBe(0);
    expect(process.listeners('SIGINT').filter((l) => l.name === 'stop')).toHaveLength(0);
    const logs = run.err.join('');
    expect(logs).toContain('"status":201');
    expect(logs).not.toContain(apiKey);
    expect(logs).not.toContain(res.json.key);
  });

  it('takes the key from the environment and the endpoints from --endpoint-id, printing neither key', async () => {
    process.env[API_KEY_ENV] = 'from-the-environment';
    const run = runServe([
      '--port',
      '0',
      '--endpoint-id',
      '64f1c2a9b8e7d6c5b4a39281',
      '--endpoint-id',
      '64f1c2a9b8e7d6c5b4a39282',
    ]);
    const banner = await run.started();
    expect(banner).toContain('64f1c2a9b8e7d6c5b4a39281, 64f1c2a9b8e7d6c5b4a39282');
    expect(banner).not.toContain('from-the-environment');
    const baseUrl = /Base URL:\s+(\S+)/.exec(banner)![1]!;
    const client = new ContractClient({ url: baseUrl, apiKey: 'from-the-environment', contract: loadContract() });
    const res = await client.send('GET', '/v2.0/endpoints/64f1c2a9b8e7d6c5b4a39282/apikeys');
    expect(res.status).toBe(200);
    run.signal('SIGTERM');
    expect(await run.exit).toBe(0);
  });
});

describe('apikeys-kit serve options', () => {
  it.each([
    [['--endpoint-id', 'not-an-object-id']],
    [['--port', '70000']],
    [['--port', 'http']],
    [['--bogus']],
    [['positional']],
  ])('exits 2 on bad options %j', async (argv) => {
    const run = runServe(argv);
    expect(await run.exit).toBe(2);
    expect(run.err.join('')).toMatch(/apikeys-kit serve: /);
  });

  it('documents every option in --help', async () => {
    const run = runServe(['--help']);
    expect(await run.exit).toBe(0);
    for (const option of [
      '--host',
      '--port',
      '--api-key',
      '--endpoint-id',
      '--base-path',
      '--spec',
      '--help',
      API_KEY_ENV,
    ]) {
      expect(run.out.join('')).toContain(option);
    }
    expect(run.out.join('')).toBe(SERVE_HELP);
  });

  it('parses repeated endpoint ids and an explicit key', () => {
    const parsed = parseServeArgs(['--api-key', 'k', '--endpoint-id', 'a', '--endpoint-id', 'b'], {});
    expect(parsed).toMatchObject({
      kind: 'serve',
      apiKeySource: 'option',
      options: { apiKey: 'k', endpointIds: ['a', 'b'] },
    });
  });
});
