import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import * as addFormatsModule from 'ajv-formats';
import { loadContract, readSpecDocument, sourceSpecPath } from '../../contract/src/index.js';

const seed = JSON.parse(readFileSync(new URL('./fixtures/seed.json', import.meta.url), 'utf8')) as {
  response: { key: string; _id: string; name: string; keyPreview: string; createdAt: number };
  exampleIds: { endpointId: string; _id: string };
};
const doc = readSpecDocument(sourceSpecPath());

/**
 * Compiles the create operation's 201 application/json schema with a fresh Ajv 2020-12 instance and ajv-formats,
 * straight from the document (independent of contract/src, so the library cannot hide a mistake in the spec).
 */
function compileFromDocument(schemaName: string) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormatsModule.default.default(ajv);
  const components = (doc['components'] as { schemas: Record<string, unknown> }).schemas;
  ajv.addSchema({ $id: 'urn:test:spec', components: { schemas: components } });
  return ajv.compile({ $ref: `urn:test:spec#/components/schemas/${schemaName}` });
}

function createdSchemaName(): string {
  type Post = { responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }> };
  const paths = doc['paths'] as Record<string, Record<string, Post>>;
  const post = paths['/v2.0/endpoints/{endpointId}/apikeys']?.['post'];
  const ref = post?.responses['201']?.content['application/json']?.schema.$ref ?? '';
  return ref.split('/').pop()!;
}

describe('the seed document against the spec', () => {
  it('accepts the seed example response as the 201 body once its placeholder _id is a real id', () => {
    const validate = compileFromDocument(createdSchemaName());
    const body = { ...seed.response, _id: seed.exampleIds._id };
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects the literal seed response only for its "<string>" placeholder _id', () => {
    const validate = compileFromDocument(createdSchemaName());
    expect(validate(seed.response)).toBe(false);
    expect(new Set(validate.errors!.map((e) => e.instancePath))).toEqual(new Set(['/_id']));
  });

  it('rejects a metadata object that carries the plaintext key', () => {
    const validate = compileFromDocument('EndpointApiKeyMetadata');
    const { key, ...metadata } = { ...seed.response, _id: seed.exampleIds._id };
    expect(validate(metadata), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...metadata, key })).toBe(false);
    expect(
      validate.errors!.some((e) => e.keyword === 'additionalProperties' && e.params['additionalProperty'] === 'key'),
    ).toBe(true);
  });

  it('rejects a create response with any one of its five fields missing (all are required)', () => {
    const validate = compileFromDocument(createdSchemaName());
    const body: Record<string, unknown> = { ...seed.response, _id: seed.exampleIds._id };
    for (const field of Object.keys(body)) {
      const rest = { ...body };
      delete rest[field];
      expect(validate(rest), field).toBe(false);
    }
  });

  it('rejects a createdAt in milliseconds and a key that is not 64 hex characters', () => {
    const validate = compileFromDocument(createdSchemaName());
    const body = { ...seed.response, _id: seed.exampleIds._id };
    expect(validate({ ...body, createdAt: 1694518620000 })).toBe(false);
    expect(validate({ ...body, key: body.key.toUpperCase() })).toBe(false);
    expect(validate({ ...body, keyPreview: '8a4fc•••••••7c2e' })).toBe(false);
  });

  it('marks the plaintext key, and only it, as a secret field', () => {
    expect(loadContract(sourceSpecPath()).secretFields).toEqual(['key']);
  });
});
