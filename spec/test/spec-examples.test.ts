import { describe, expect, it } from 'vitest';
import { checkResponse, contentTypeFor, loadContract, sourceSpecPath } from '../../contract/src/index.js';

const contract = loadContract(sourceSpecPath());

/** Every (operation, status, media type) with its examples, so each example is a test case of its own. */
const cases = contract.operations.flatMap((op) =>
  op.responses.flatMap((r) =>
    r.content.flatMap((m) =>
      m.examples.map((example, i) => ({
        op,
        response: r,
        media: m,
        example,
        name: `${op.operationId} ${r.status} ${m.mediaType} #${i + 1}`,
      })),
    ),
  ),
);

/** Header values taken from each documented header's own example, as a server would send them. */
function documentedHeaders(
  headers: { displayName: string; name: string }[],
  rawHeaders: Record<string, unknown>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of headers) {
    const raw = contract.deref<Record<string, unknown>>(rawHeaders[h.displayName]);
    if (typeof raw['example'] === 'string') out[h.name] = raw['example'];
  }
  return out;
}

describe('every example in the spec is valid for its media type', () => {
  it('has examples for every media type of every 2xx and 4xx response', () => {
    const missing = contract.operations.flatMap((op) =>
      op.responses
        .filter((r) => r.status !== 'default')
        .flatMap((r) =>
          r.content.filter((m) => m.examples.length === 0).map((m) => `${op.operationId} ${r.status} ${m.mediaType}`),
        ),
    );
    expect(missing).toEqual([]);
    expect(cases.length).toBeGreaterThan(20);
  });

  it.each(cases)('$name', ({ op, response, media, example }) => {
    // Non-JSON examples are serialized documents (strings); JSON examples are values (OpenAPI 3.1 §4.8.14).
    const body =
      typeof example === 'string' && media.mediaType !== 'application/json' ? example : JSON.stringify(example);
    type RawOperation = { responses: Record<string, unknown> };
    const paths = contract.document['paths'] as Record<string, Record<string, RawOperation>>;
    const rawResponse = contract.deref<Record<string, Record<string, unknown> | undefined>>(
      paths[op.pathTemplate]?.[op.method.toLowerCase()]?.responses[response.status],
    );
    const headers = {
      'content-type': contentTypeFor(media.mediaType),
      ...documentedHeaders(response.headers, rawResponse['headers'] ?? {}),
    };
    const status = response.status === 'default' ? 500 : Number(response.status);
    const result = checkResponse(
      contract,
      op.responses,
      { status, headers, body },
      status < 300 ? { types: [media.mediaType], notAcceptable: false } : undefined,
    );
    expect(result.violations).toEqual([]);
  });
});

describe('the example check is not vacuous', () => {
  it('detects an XML example that breaks the schema (the check is not vacuous)', () => {
    const op = contract.operation('readEndpointApiKey');
    const body =
      '<?xml version="1.0"?><endpointApiKey><_id>NOT-AN-ID</_id><name>x</name><keyPreview>8a4f••••••••7c2e</keyPreview><createdAt>1</createdAt></endpointApiKey>';
    const result = checkResponse(contract, op.responses, {
      status: 200,
      headers: { 'content-type': 'application/xml', vary: 'Accept' },
      body,
    });
    expect(result.violations.map((v) => v.code)).toEqual(['BODY_INVALID']);
  });

  it('detects text/csv without charset=utf-8 (its default charset is US-ASCII)', () => {
    const op = contract.operation('readEndpointApiKey');
    const body = '_id,name,keyPreview,createdAt\r\n650a8d2c6f1e4b0012ab34cd,x,8a4f••••••••7c2e,1\r\n';
    const result = checkResponse(contract, op.responses, {
      status: 200,
      headers: { 'content-type': 'text/csv', vary: 'Accept' },
      body,
    });
    expect(result.violations.map((v) => v.code)).toEqual(['CONTENT_TYPE_CHARSET']);
  });

  it('detects an XML declaration that names an encoding other than UTF-8', () => {
    const op = contract.operation('readEndpointApiKey');
    const body =
      '<?xml version="1.0" encoding="ISO-8859-1"?><endpointApiKey><_id>650a8d2c6f1e4b0012ab34cd</_id><name>x</name><keyPreview>8a4f••••••••7c2e</keyPreview><createdAt>1</createdAt></endpointApiKey>';
    const result = checkResponse(contract, op.responses, {
      status: 200,
      headers: { 'content-type': 'application/xml', vary: 'Accept' },
      body,
    });
    expect(result.violations.map((v) => v.code)).toEqual(['BODY_UNDECODABLE']);
  });

  it('detects CSV columns out of the schema order', () => {
    const op = contract.operation('readEndpointApiKey');
    const body = 'name,_id,keyPreview,createdAt\r\nx,650a8d2c6f1e4b0012ab34cd,8a4f••••••••7c2e,1\r\n';
    const result = checkResponse(contract, op.responses, {
      status: 200,
      headers: { 'content-type': contentTypeFor('text/csv'), vary: 'Accept' },
      body,
    });
    expect(result.violations.map((v) => v.code)).toEqual(['BODY_INVALID']);
    expect(result.violations[0]!.message).toMatch(/schema's order/);
  });

  it('detects a CSV document with a secret column where metadata is documented', () => {
    const op = contract.operation('readEndpointApiKey');
    const body =
      'key,_id,name,keyPreview,createdAt\r\n' + 'a'.repeat(64) + ',650a8d2c6f1e4b0012ab34cd,x,aaaa••••••••aaaa,1\r\n';
    const result = checkResponse(contract, op.responses, {
      status: 200,
      headers: { 'content-type': contentTypeFor('text/csv'), vary: 'Accept' },
      body,
    });
    expect(result.violations.map((v) => v.code)).toEqual(['BODY_INVALID']);
  });
});
