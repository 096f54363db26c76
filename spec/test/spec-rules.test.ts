import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadContract, previewOf, representationOf, sourceSpecPath } from '../../contract/src/index.js';

const contract = loadContract(sourceSpecPath());
const SUCCESS_MEDIA_TYPES = ['application/json', 'application/hal+json', 'application/xml', 'text/xml', 'text/csv'];

describe('the spec keeps its own rules', () => {
  it('has the four operations of the resource, each with operationId, summary, tag and security', () => {
    expect(contract.operations.map((o) => `${o.method} ${o.pathTemplate}`).sort()).toEqual([
      'DELETE /v2.0/endpoints/{endpointId}/apikeys/{apiKeyId}',
      'GET /v2.0/endpoints/{endpointId}/apikeys',
      'GET /v2.0/endpoints/{endpointId}/apikeys/{apiKeyId}',
      'POST /v2.0/endpoints/{endpointId}/apikeys',
    ]);
    for (const op of contract.operations) {
      expect(op.security, op.operationId).toBe(true);
      expect(op.summary, op.operationId).not.toBe('');
    }
  });

  it('offers the five representations on every 200 and 201', () => {
    for (const op of contract.operations) {
      for (const r of op.responses.filter((x) => x.status === '200' || x.status === '201')) {
        expect(
          r.content.map((c) => c.mediaType),
          `${op.operationId} ${r.status}`,
        ).toEqual(SUCCESS_MEDIA_TYPES);
      }
    }
  });

  it('answers every error as application/problem+json and documents 400, 401, 404 everywhere', () => {
    for (const op of contract.operations) {
      const statuses = op.responses.map((r) => r.status);
      expect(statuses, op.operationId).toEqual(expect.arrayContaining(['400', '401', '404', 'default']));
      for (const r of op.responses.filter((x) => x.status === 'default' || Number(x.status) >= 400)) {
        expect(
          r.content.map((c) => c.mediaType),
          `${op.operationId} ${r.status}`,
        ).toEqual(['application/problem+json']);
      }
    }
    expect(contract.methodNotAllowed?.headers.map((h) => h.name)).toEqual(['allow']);
  });

  it('documents 406 on every operation that negotiates, and 413 and 415 on the one that takes a body', () => {
    for (const op of contract.operations) {
      const negotiates = op.responses.some((r) => r.content.length > 1);
      expect(
        op.responses.some((r) => r.status === '406'),
        op.operationId,
      ).toBe(negotiates);
      const statuses = op.responses.map((r) => r.status);
      if (op.requestBody) {
        expect(statuses).toEqual(expect.arrayContaining(['413', '415']));
        expect(Number.isFinite(op.requestBody.maxBytes)).toBe(true);
      }
    }
  });

  it('requires Cache-Control no-store on every response whose schema carries a secret field', () => {
    for (const op of contract.operations) {
      for (const r of op.responses) {
        const carriesSecret = r.content.some((m) => {
          const schema = m.csvRow?.resolvedSchema ?? m.resolvedSchema;
          const props = Object.keys(schema['properties'] ?? {});
          return props.some((p) => contract.secretFields.includes(p));
        });
        const cacheControl = r.headers.find((h) => h.name === 'cache-control');
        expect(Boolean(cacheControl?.required), `${op.operationId} ${r.status}`).toBe(carriesSecret);
        if (cacheControl) {
          expect(cacheControl.validate('no-store')).toBe(true);
          expect(cacheControl.validate('private, max-age=60')).toBe(false);
        }
      }
    }
  });
});

describe('the spec keeps its own rules on values', () => {
  it('declares a preview rule whose output always matches the KeyPreview pattern', () => {
    const [rule] = contract.previewRules;
    expect(rule?.field).toBe('keyPreview');
    const keyValid = contract.validatorFor('ApiKeyPlaintext');
    const previewValid = contract.validatorFor('KeyPreview');
    for (let i = 0; i < 200; i++) {
      const key = randomBytes(32).toString('hex');
      expect(keyValid(key)).toBe(true);
      expect(previewValid(previewOf(rule!, key))).toBe(true);
    }
    expect(previewOf(rule!, '8a4fcd9b2e5f17b03f9c4a6d7c2e5f17b03f9c4a6d7c2e5f17b03f9c4a6d7c2e')).toBe(
      '8a4f••••••••7c2e',
    );
  });

  it('limits names so that control characters, edge white space and lone surrogates are refused', () => {
    const valid = contract.validatorFor('KeyName');
    for (const ok of ['My CRM webhook', 'a', '😀', 'עברית', 'e\u0301', 'x'.repeat(128), '🙂'.repeat(128), 'a b']) {
      expect(valid(ok), JSON.stringify(ok)).toBe(true);
    }
    for (const bad of [
      '',
      ' a',
      'a ',
      'a\nb',
      'a\u0000b',
      'a\u007fb',
      '\ud800',
      'a\u2028b',
      'a\uFFFEb',
      '\uFEFFa',
      'x'.repeat(129),
    ]) {
      expect(valid(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('names a row schema for every text/csv response and an XML root for every XML one', () => {
    for (const op of contract.operations) {
      for (const r of op.responses) {
        for (const m of r.content) {
          if (representationOf(m.mediaType) === 'csv') expect(m.csvRow, `${op.operationId} ${r.status}`).toBeDefined();
          if (representationOf(m.mediaType) === 'xml')
            expect((m.resolvedSchema['xml'] as { name?: string } | undefined)?.name).toBeTruthy();
        }
      }
    }
  });
});
