import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { anyJson, invalidName, refusedNameExamples, validName } from '../../arbitraries.js';
import { expectStatus } from '../../expect.js';
import { bodyObject } from '../../exchange.js';
import { expectedFor, expectedSuccess, STATUS } from '../../statuses.js';
import { create, type Probe } from './probe.js';

/**
 * Members that prototype-based JSON handling drops silently (`__proto__`) or confuses (`constructor`) are still
 * properties other than the name, so 400 (RFC 8259 §4 members; the schema's additionalProperties: false).
 */
export async function prototypeMembers(p: Probe): Promise<void> {
  const { ctx, api } = p;
  for (const raw of [
    `{"${api.nameField}":"x","__proto__":{}}`,
    `{"__proto__":{"${api.nameField}":"x"}}`,
    `{"${api.nameField}":"x","constructor":{}}`,
  ]) {
    const ex = await create(p, p.jsonHeaders, raw);
    if (!expectedFor(api.create, STATUS.badRequest).includes(ex.status))
      p.out.push(ctx.violation(`create with body ${raw} answered ${ex.status}, expected 400`, ex));
  }
}

/**
 * Bodies the schema refuses: 400 naming the body. Every code point of the spec's x-code-points table, each in a name
 * of its own, is tried on every run, whatever the number of runs (names a trimming or normalising implementation
 * would "repair" into valid ones included).
 */
export async function invalidBodyProperty(p: Probe): Promise<void> {
  const { ctx, api } = p;
  const extraKey = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== api.nameField && k !== '__proto__');
  const invalidBody = fc
    .oneof(
      anyJson.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
      fc.dictionary(extraKey, anyJson, { maxKeys: 3 }),
      anyJson.filter((v) => typeof v !== 'string').map((v) => ({ [api.nameField]: v })),
      fc.tuple(validName(api), extraKey, anyJson).map(([n, k, v]) => ({ [api.nameField]: n, [k]: v })),
      invalidName(api).map((n) => ({ [api.nameField]: n })),
    )
    .filter((v) => !api.validateCreateBody(v) && Buffer.byteLength(JSON.stringify(v)) <= api.maxBodyBytes);
  const refusedNames = refusedNameExamples(api).map((n) => ({ [api.nameField]: n }));
  p.push(
    await ctx.property(
      'invalid body',
      invalidBody,
      async (body) => {
        const ex = await create(p, p.jsonHeaders, JSON.stringify(body));
        expectStatus(ex, expectedFor(api.create, STATUS.badRequest), 'create with a body the schema refuses');
        p.named(ex, 'body', undefined, 'create with a body the schema refuses');
      },
      undefined,
      refusedNames,
    ),
  );
}

/**
 * Bodies that are not JSON: 400. Prism answers malformed JSON with its own application/json error, not the documented
 * problem: full profile only.
 */
export async function malformedJsonProperty(p: Probe): Promise<void> {
  const { ctx, api, validBody } = p;
  const notJson = fc
    .oneof(
      fc.string({ maxLength: 40 }),
      validBody.length > 2 ? fc.nat({ max: validBody.length - 1 }).map((i) => validBody.slice(0, i)) : fc.constant('{'),
      fc.constantFrom('{name:"x"}', "{'name':'x'}", '{"name":"x",}', 'NaN'),
    )
    .filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    });
  p.push(
    await ctx.property('malformed JSON', notJson, async (body) => {
      const ex = await create(p, p.jsonHeaders, body);
      expectStatus(ex, expectedFor(api.create, STATUS.badRequest), 'create with a body that is not JSON');
    }),
  );
}

/** A body in another media type: 415. Without Content-Type: 415, or read as the JSON it is (RFC 9110 §8.3). */
export async function unsupportedContentTypeProperty(p: Probe): Promise<void> {
  const { ctx, api } = p;
  // The stateless profile leaves out the body without Content-Type.
  const wrongType = fc.oneof(
    ...(ctx.profile === 'full' ? [fc.constant(undefined)] : []),
    fc.constantFrom(
      'text/plain',
      'application/xml',
      'text/csv',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
    ),
    // Prism ignores the charset parameter and fails (500) on a value that is not a media type: full profile only.
    ...(ctx.profile === 'full'
      ? [fc.constantFrom('application/json; charset=iso-8859-1', 'application/json; charset=utf-16', 'json')]
      : []),
  );
  p.push(
    await ctx.property('unsupported Content-Type', wrongType, async (contentType) => {
      const ex = await ctx.request({
        method: api.create.method,
        path: api.collectionPath(p.endpointId),
        ...(contentType !== undefined ? { headers: { 'content-type': contentType } } : {}),
        body: p.validBody,
        operation: api.create,
      });
      // Without Content-Type, RFC 9110 §8.3 lets the recipient assume application/octet-stream (then 415) or examine
      // the data to determine its type (JSON here, so the key is created with the name sent).
      if (
        contentType === undefined &&
        expectedSuccess(api.create).includes(ex.status) &&
        bodyObject(ex)?.[api.nameField] === p.sentName
      )
        return;
      expectStatus(
        ex,
        expectedFor(api.create, STATUS.unsupportedMediaType),
        `create with Content-Type ${contentType ?? '(none)'}`,
      );
    }),
  );
}

/** A byte order mark before the JSON text: 400, or read without it (RFC 8259 §8.1). */
export async function byteOrderMark(p: Probe): Promise<void> {
  const { ctx, api } = p;
  const bomName = 'conformance negative-inputs bom';
  const bom = await create(p, p.jsonHeaders, `\ufeff${JSON.stringify({ [api.nameField]: bomName })}`);
  if (
    !expectedFor(api.create, STATUS.badRequest).includes(bom.status) &&
    !(expectedSuccess(api.create).includes(bom.status) && bodyObject(bom)?.[api.nameField] === bomName)
  ) {
    p.out.push(
      ctx.violation(
        `create with a UTF-8 byte order mark before the JSON answered ${bom.status}; the spec allows 400, or the key created with the name sent`,
        bom,
      ),
    );
  }
}

/** A Content-Encoding: 415, or decoded and handled as usual (a server that ignores it fails to parse: 400). */
export async function contentEncoding(p: Probe): Promise<void> {
  const { ctx, api } = p;
  const gzName = 'conformance negative-inputs gzip';
  const gz = await ctx.request({
    method: api.create.method,
    path: api.collectionPath(p.endpointId),
    headers: { ...p.jsonHeaders, 'content-encoding': 'gzip' },
    bodyBytes: gzipSync(JSON.stringify({ [api.nameField]: gzName })),
    operation: api.create,
  });
  const gzOk =
    [...expectedFor(api.create, STATUS.unsupportedMediaType), ...expectedFor(api.create, STATUS.badRequest)].includes(
      gz.status,
    ) ||
    (expectedSuccess(api.create).includes(gz.status) && bodyObject(gz)?.[api.nameField] === gzName);
  if (!gzOk)
    p.out.push(
      ctx.violation(
        `create with a gzip Content-Encoding answered ${gz.status}; the spec allows 415 (or 400), or the body decoded and the key created with the name sent`,
        gz,
      ),
    );
}
