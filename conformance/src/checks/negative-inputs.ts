import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import {
  anyJson,
  invalidName,
  malformed,
  malformedQueryValue,
  refusedNameExamples,
  validName,
  wellFormed,
} from '../arbitraries.js';
import { expectErrorNamed, expectStatus } from '../expect.js';
import { pathOf } from '../api-model.js';
import { bodyObject, pageItems, type Exchange } from '../http-client.js';
import { expectedFor, expectedSuccess, STATUS } from '../statuses.js';
import type { Check, Violation } from '../types.js';

/** Generated invalid inputs get the documented 4xx: never 2xx, never 5xx. */
export const negativeInputs: Check = {
  id: 'negative-inputs',
  title: 'Malformed ids, invalid bodies, non-JSON, wrong Content-Type and bad query parameters get the documented 4xx',
  rule: '#/info/description (Order of checks)',
  profiles: ['full', 'stateless'],
  async run(ctx): Promise<Violation[]> {
    const { api, endpointId } = ctx;
    // A static mock answers every 400 with the document's one example problem: naming the input is full-profile only.
    const named = (
      ex: Parameters<typeof expectErrorNamed>[0],
      where: string,
      name: string | undefined,
      what: string,
    ) => {
      if (ctx.profile === 'full') expectErrorNamed(ex, where, name, what);
    };
    const out: Violation[] = [];
    const push = (v: Violation | undefined) => v && out.push(v);
    const key = fc.sample(wellFormed(api.keyParam), { numRuns: 1, seed: ctx.seed })[0]!;
    const sentName = 'conformance negative-inputs';
    const validBody = JSON.stringify({ [api.nameField]: sentName });
    const jsonHeaders = { 'content-type': api.requestMediaType };
    const ops = api.operations;

    // Every operation once, whatever the number of runs, then generated ids.
    for (const op of ops) {
      const bad = fc.sample(malformed(api.endpointParam), { numRuns: 1, seed: ctx.seed })[0]!;
      const ex = await ctx.request({
        method: op.method,
        path: pathOf(api, op, bad, key),
        ...(op.requestBody ? { headers: jsonHeaders, body: validBody } : {}),
        operation: op,
      });
      if (!expectedFor(op, STATUS.badRequest).includes(ex.status))
        out.push(
          ctx.violation(
            `${op.operationId} with malformed ${api.endpointParam.name} ${JSON.stringify(bad)}: expected 400, got ${ex.status}`,
            ex,
          ),
        );
      if (op.pathParamNames.includes(api.keyParam.name)) {
        const badKey = fc.sample(malformed(api.keyParam), { numRuns: 1, seed: ctx.seed })[0]!;
        const ex2 = await ctx.request({ method: op.method, path: api.itemPath(endpointId, badKey), operation: op });
        if (!expectedFor(op, STATUS.badRequest).includes(ex2.status))
          out.push(
            ctx.violation(
              `${op.operationId} with malformed ${api.keyParam.name} ${JSON.stringify(badKey)}: expected 400, got ${ex2.status}`,
              ex2,
            ),
          );
      }
    }
    push(
      await ctx.property(
        'malformed endpoint id',
        fc.record({ op: fc.constantFrom(...ops), id: malformed(api.endpointParam) }),
        async ({ op, id }) => {
          const ex = await ctx.request({
            method: op.method,
            path: pathOf(api, op, id, key),
            ...(op.requestBody ? { headers: jsonHeaders, body: validBody } : {}),
            operation: op,
          });
          expectStatus(
            ex,
            expectedFor(op, STATUS.badRequest),
            `${op.operationId} with malformed ${api.endpointParam.name} ${JSON.stringify(id)}`,
          );
          named(ex, 'path', api.endpointParam.name, `${op.operationId} with malformed ${api.endpointParam.name}`);
        },
      ),
    );
    const itemOps = ops.filter((o) => o.pathParamNames.includes(api.keyParam.name));
    push(
      await ctx.property(
        'malformed key id',
        fc.record({ op: fc.constantFrom(...itemOps), id: malformed(api.keyParam) }),
        async ({ op, id }) => {
          const ex = await ctx.request({ method: op.method, path: api.itemPath(endpointId, id), operation: op });
          expectStatus(
            ex,
            expectedFor(op, STATUS.badRequest),
            `${op.operationId} with malformed ${api.keyParam.name} ${JSON.stringify(id)}`,
          );
          named(ex, 'path', api.keyParam.name, `${op.operationId} with malformed ${api.keyParam.name}`);
        },
      ),
    );

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
    // Members that prototype-based JSON handling drops silently (`__proto__`) or confuses (`constructor`) are still
    // properties other than the name, so 400 (RFC 8259 §4 members; the schema's additionalProperties: false).
    if (ctx.profile === 'full') {
      for (const raw of [
        `{"${api.nameField}":"x","__proto__":{}}`,
        `{"__proto__":{"${api.nameField}":"x"}}`,
        `{"${api.nameField}":"x","constructor":{}}`,
      ]) {
        const ex = await ctx.request({
          method: api.create.method,
          path: api.collectionPath(endpointId),
          headers: jsonHeaders,
          body: raw,
          operation: api.create,
        });
        if (!expectedFor(api.create, STATUS.badRequest).includes(ex.status))
          out.push(ctx.violation(`create with body ${raw} answered ${ex.status}, expected 400`, ex));
      }
    }
    // Every code point of the spec's x-code-points table, each in a name of its own: tried on every run, whatever
    // the number of runs (names a trimming or normalising implementation would "repair" into valid ones included).
    const refusedNames = refusedNameExamples(api).map((n) => ({ [api.nameField]: n }));
    push(
      await ctx.property(
        'invalid body',
        invalidBody,
        async (body) => {
          const ex = await ctx.request({
            method: api.create.method,
            path: api.collectionPath(endpointId),
            headers: jsonHeaders,
            body: JSON.stringify(body),
            operation: api.create,
          });
          expectStatus(ex, expectedFor(api.create, STATUS.badRequest), 'create with a body the schema refuses');
          named(ex, 'body', undefined, 'create with a body the schema refuses');
        },
        undefined,
        refusedNames,
      ),
    );
    const notJson = fc
      .oneof(
        fc.string({ maxLength: 40 }),
        validBody.length > 2
          ? fc.nat({ max: validBody.length - 1 }).map((i) => validBody.slice(0, i))
          : fc.constant('{'),
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
    // Prism answers malformed JSON with its own application/json error, not the documented problem: full profile only.
    if (ctx.profile === 'full')
      push(
        await ctx.property('malformed JSON', notJson, async (body) => {
          const ex = await ctx.request({
            method: api.create.method,
            path: api.collectionPath(endpointId),
            headers: jsonHeaders,
            body,
            operation: api.create,
          });
          expectStatus(ex, expectedFor(api.create, STATUS.badRequest), 'create with a body that is not JSON');
        }),
      );
    // A body without Content-Type: 415, or read as the JSON it is (RFC 9110 §8.3); the stateless profile leaves it out.
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
    push(
      await ctx.property('unsupported Content-Type', wrongType, async (contentType) => {
        const ex = await ctx.request({
          method: api.create.method,
          path: api.collectionPath(endpointId),
          ...(contentType !== undefined ? { headers: { 'content-type': contentType } } : {}),
          body: validBody,
          operation: api.create,
        });
        // Without Content-Type, RFC 9110 §8.3 lets the recipient assume application/octet-stream (then 415) or examine
        // the data to determine its type (JSON here, so the key is created with the name sent).
        if (
          contentType === undefined &&
          expectedSuccess(api.create).includes(ex.status) &&
          bodyObject(ex)?.[api.nameField] === sentName
        )
          return;
        expectStatus(
          ex,
          expectedFor(api.create, STATUS.unsupportedMediaType),
          `create with Content-Type ${contentType ?? '(none)'}`,
        );
      }),
    );
    if (api.limitParam) {
      const limit = api.limitParam;
      const { minimum, maximum } = limit.resolvedSchema as { minimum?: number; maximum?: number };
      // Values no reading makes a valid integer: 400 (spec: "Inputs the rules above leave open", query values).
      const badLimit = fc
        .oneof(
          // Out of the schema's bounds, where it has them (no guessed bound where it has none).
          ...(minimum !== undefined ? [fc.integer({ min: minimum - 1000, max: minimum - 1 }).map(String)] : []),
          ...(maximum !== undefined ? [fc.integer({ min: maximum + 1, max: maximum + 10_000 }).map(String)] : []),
          // The spec's own examples and a lone sign. Not `1,5`: parsers with digit grouping read it as 15 (and list
          // readings as 1 or 5), so it is tried below with the other spellings.
          fc.constantFrom('abc', '1.5', 'null', '-'),
        )
        .filter((s) => !(limit.validate(Number.isNaN(Number(s)) ? s : Number(s)) as boolean));
      // Both bounds, just outside, tried on every run whatever --runs is.
      const outside = [
        ...(minimum !== undefined ? [String(minimum - 1)] : []),
        ...(maximum !== undefined ? [String(maximum + 1)] : []),
      ];
      push(
        await ctx.property(
          'malformed limit',
          badLimit,
          async (value) => {
            const ex = await ctx.request({
              method: api.list.method,
              path: `${api.collectionPath(endpointId)}?${limit.name}=${encodeURIComponent(value)}`,
              operation: api.list,
            });
            expectStatus(
              ex,
              expectedFor(api.list, STATUS.badRequest),
              `list with ${limit.name}=${JSON.stringify(value)}`,
            );
            named(ex, 'query', limit.name, `list with ${limit.name}=${JSON.stringify(value)}`);
          },
          undefined,
          outside,
        ),
      );
      // Other spellings of a valid integer: 400, or read as that integer (then the page holds at most that many).
      if (ctx.profile === 'full') {
        const v = Math.min(maximum ?? 5, Math.max(minimum ?? 1, 5));
        const size = (ex: Exchange) => pageItems(ex, api.itemsField)?.length;
        const spellings = [`0${v}`, `+${v}`, `${v}.0`, `${v}e0`, `0x${v.toString(16)}`, ` ${v}`];
        const fallback = Number(limit.resolvedSchema['default'] ?? maximum ?? Number.MAX_SAFE_INTEGER);
        // Where common parsers disagree on the integer, a page of at most the largest reading within range (none: 400).
        const inRange = (n: number) => n >= (minimum ?? 1) && n <= (maximum ?? Number.MAX_SAFE_INTEGER);
        const largest = (readings: number[]) => Math.max(-1, ...readings.filter(inRange));
        const cases: [string, number][] = [
          ...spellings.map((sp) => [sp, v] as [string, number]),
          // `1,5`: 15 with digit grouping, 1 or 5 as a list (a parameter given twice may use one of its values).
          ['1,5', largest([1, 5, 15])],
          // The maximum + 1 with a leading zero: out of range in decimal, but octal where the parser also takes `0x10`
          // (C's strtol and Go's ParseInt with base 0, Java's Integer.decode).
          ...(maximum !== undefined
            ? [
                [
                  `0${maximum + 1}`,
                  largest([
                    maximum + 1,
                    ...(/^[0-7]+$/.test(String(maximum + 1)) ? [parseInt(String(maximum + 1), 8)] : []),
                  ]),
                ] as [string, number],
              ]
            : []),
          ['', fallback],
          [' ', fallback],
        ];
        for (const [value, atMost] of cases) {
          const ex = await ctx.request({
            method: api.list.method,
            path: `${api.collectionPath(endpointId)}?${limit.name}=${encodeURIComponent(value)}`,
            operation: api.list,
          });
          const ok =
            expectedFor(api.list, STATUS.badRequest).includes(ex.status) ||
            (ex.status === 200 && (size(ex) ?? Infinity) <= atMost);
          if (!ok)
            out.push(
              ctx.violation(
                `list with ${limit.name}=${JSON.stringify(value)} answered ${ex.status} with ${size(ex) ?? 'unreadable'} items; the spec allows 400 or a page of at most ${atMost}`,
                ex,
              ),
            );
        }
        const [a, b] = [String(minimum ?? 1), String((minimum ?? 1) + 1)];
        const twice = await ctx.request({
          method: api.list.method,
          path: `${api.collectionPath(endpointId)}?${limit.name}=${a}&${limit.name}=${b}`,
          operation: api.list,
        });
        if (!(
          expectedFor(api.list, STATUS.badRequest).includes(twice.status) ||
          (twice.status === 200 && (size(twice) ?? Infinity) <= Number(b))
        )) {
          out.push(
            ctx.violation(
              `list with ${limit.name} given twice (${a}, ${b}) answered ${twice.status} with ${size(twice) ?? 'unreadable'} items; the spec allows 400 or one of the values`,
              twice,
            ),
          );
        }
      }
    }
    // An empty or white-space-only cursor is 400 or treated as absent (spec: "Inputs the rules above leave open").
    if (ctx.profile === 'full') {
      for (const { param } of api.cursors) {
        for (const value of ['', ' ', '\t']) {
          const ex = await ctx.request({
            method: api.list.method,
            path: `${api.collectionPath(endpointId)}?${param}=${encodeURIComponent(value)}`,
            operation: api.list,
          });
          if (!expectedFor(api.list, STATUS.badRequest).includes(ex.status) && ex.status !== 200)
            out.push(
              ctx.violation(
                `list with ${param}=${JSON.stringify(value)} answered ${ex.status}; the spec allows 400 or the first page`,
                ex,
              ),
            );
        }
      }
      // A byte order mark before the JSON text: 400, or read without it (RFC 8259 §8.1).
      const bomName = 'conformance negative-inputs bom';
      const bom = await ctx.request({
        method: api.create.method,
        path: api.collectionPath(endpointId),
        headers: jsonHeaders,
        body: `\ufeff${JSON.stringify({ [api.nameField]: bomName })}`,
        operation: api.create,
      });
      if (
        !expectedFor(api.create, STATUS.badRequest).includes(bom.status) &&
        !(expectedSuccess(api.create).includes(bom.status) && bodyObject(bom)?.[api.nameField] === bomName)
      ) {
        out.push(
          ctx.violation(
            `create with a UTF-8 byte order mark before the JSON answered ${bom.status}; the spec allows 400, or the key created with the name sent`,
            bom,
          ),
        );
      }
      // A Content-Encoding: 415, or decoded and handled as usual (a server that ignores it fails to parse: 400).
      const gzName = 'conformance negative-inputs gzip';
      const gz = await ctx.request({
        method: api.create.method,
        path: api.collectionPath(endpointId),
        headers: { ...jsonHeaders, 'content-encoding': 'gzip' },
        bodyBytes: gzipSync(JSON.stringify({ [api.nameField]: gzName })),
        operation: api.create,
      });
      const gzOk =
        [
          ...expectedFor(api.create, STATUS.unsupportedMediaType),
          ...expectedFor(api.create, STATUS.badRequest),
        ].includes(gz.status) ||
        (expectedSuccess(api.create).includes(gz.status) && bodyObject(gz)?.[api.nameField] === gzName);
      if (!gzOk)
        out.push(
          ctx.violation(
            `create with a gzip Content-Encoding answered ${gz.status}; the spec allows 415 (or 400), or the body decoded and the key created with the name sent`,
            gz,
          ),
        );
    }
    // Every cursor parameter (next and previous), not only the first.
    for (const { param } of api.cursors) {
      const cursorParam = api.list.parameters.find((p) => p.name === param);
      if (!cursorParam) continue;
      // Not white space only: that is 400 or treated as absent (tried above).
      const badCursor = malformedQueryValue(cursorParam);
      push(
        await ctx.property(
          `malformed ${param} cursor`,
          badCursor,
          async (cursor) => {
            const ex = await ctx.request({
              method: api.list.method,
              path: `${api.collectionPath(endpointId)}?${cursorParam.name}=${encodeURIComponent(cursor)}`,
              operation: api.list,
            });
            expectStatus(
              ex,
              expectedFor(api.list, STATUS.badRequest),
              `list with malformed ${cursorParam.name} ${JSON.stringify(cursor)}`,
            );
            named(ex, 'query', cursorParam.name, `list with malformed ${cursorParam.name}`);
          },
          Math.max(1, Math.ceil(ctx.runs / api.cursors.length)),
        ),
      );
    }
    return out;
  },
};
