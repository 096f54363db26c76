import fc from 'fast-check';
import { boundaryNames, validName } from '../arbitraries.js';
import { expectStatus, expectThat } from '../expect.js';
import { createKey, readKey } from '../key-client.js';
import { expectedSuccess } from '../statuses.js';
import { bodyObject } from '../exchange.js';
import type { Check, Violation } from '../types.js';

/** Valid names, in full Unicode, are accepted and come back unchanged in every representation. */
export const positiveNames: Check = {
  id: 'positive-names',
  title: 'Valid names (astral, RTL, combining marks, limits) are accepted and round-trip in every representation',
  rule: '#/components/schemas/KeyName',
  profiles: ['full'],
  endpointUse: 'shared',
  async run(ctx): Promise<Violation[]> {
    const { api } = ctx;
    const createMedia = api.successMedia(api.create);
    const arb = fc.record({ name: validName(api), accept: fc.constantFrom(...createMedia) });
    // Tried on every run whatever the number of runs; among them each x-code-points code point refused at an edge,
    // inside a name where it is valid (edgeSpaceInsideExamples).
    const examples = boundaryNames(api).map((name, i) => ({ name, accept: createMedia[i % createMedia.length]! }));
    const v = await ctx.property(
      'name round-trip',
      arb,
      async ({ name, accept }) => {
        const { ex, key } = await createKey(ctx, name, accept);
        expectStatus(ex, expectedSuccess(api.create), `create with a valid name (${accept})`);
        expectThat(key !== undefined, `create (${accept}): body could not be read`, ex);
        expectThat(
          key[api.nameField] === name,
          `create (${accept}) returned ${api.nameField} ${JSON.stringify(key[api.nameField])}`,
          ex,
        );
        const id = key[api.idField];
        expectThat(typeof id === 'string', `create (${accept}) returned no ${api.idField}`, ex);
        for (const media of api.successMedia(api.read)) {
          const got = await readKey(ctx, id, media);
          expectStatus(got.ex, expectedSuccess(api.read), `read (${media})`);
          expectThat(got.key !== undefined, `read (${media}): body could not be read`, got.ex);
          expectThat(
            got.key[api.nameField] === name,
            `read (${media}) returned ${api.nameField} ${JSON.stringify(got.key[api.nameField])}`,
            got.ex,
          );
        }
      },
      undefined,
      examples,
    );
    const out = v ? [v] : [];
    // Duplicate member names: the spec reads the body as ECMAScript JSON.parse does, so the last one wins.
    {
      const body = `{"${api.nameField}":"conformance first","${api.nameField}":"conformance last"}`;
      const ex = await ctx.request({
        method: api.create.method,
        path: api.collectionPath(ctx.endpointId),
        headers: { 'content-type': api.requestMediaType },
        body,
        operation: api.create,
      });
      const got = bodyObject(ex)?.[api.nameField];
      if (!expectedSuccess(api.create).includes(ex.status) || got !== 'conformance last') {
        out.push(
          ctx.violation(
            `create with duplicate ${api.nameField} members answered ${ex.status} with ${api.nameField} ${JSON.stringify(got)}; the last member wins`,
            ex,
          ),
        );
      }
    }
    // The same media type written differently is the same media type (RFC 9110 §8.3.1: type, subtype and parameter
    // names are case-insensitive); JSON text is UTF-8 (RFC 8259 §8.1), so charset=utf-8 in any case is accepted.
    const mt = api.requestMediaType;
    for (const contentType of [
      `${mt}; charset=utf-8`,
      `${mt};charset=UTF-8`,
      mt.toUpperCase(),
      `${mt}; CHARSET="utf-8"`,
    ]) {
      const ex = await ctx.request({
        method: api.create.method,
        path: api.collectionPath(ctx.endpointId),
        headers: { 'content-type': contentType },
        body: JSON.stringify({ [api.nameField]: 'conformance content-type variant' }),
        operation: api.create,
      });
      if (!expectedSuccess(api.create).includes(ex.status))
        out.push(ctx.violation(`create with Content-Type ${JSON.stringify(contentType)} answered ${ex.status}`, ex));
    }
    return out;
  },
};
