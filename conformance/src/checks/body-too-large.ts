import fc from 'fast-check';
import { expectStatus } from '../expect.js';
import { expectedFor, STATUS } from '../statuses.js';
import type { Check, Violation } from '../types.js';

/** A body over `x-max-body-bytes` is refused with 413, however it is framed. */
export const bodyTooLarge: Check = {
  id: 'body-too-large',
  title: 'A request body over x-max-body-bytes gets 413',
  rule: '#/paths/~1v2.0~1endpoints~1{endpointId}~1apikeys/post/requestBody/x-max-body-bytes',
  profiles: ['full'],
  endpointUse: 'shared',
  async run(ctx): Promise<Violation[]> {
    const { api } = ctx;
    if (!Number.isFinite(api.maxBodyBytes)) {
      ctx.note('the create request body declares no x-max-body-bytes');
      return [];
    }
    const max = api.maxBodyBytes;
    const wrapper = JSON.stringify({ [api.nameField]: '' });
    const arb = fc.record({
      extra: fc.integer({ min: 1, max: 3 * max }),
      char: fc.constantFrom('a', 'é', '😀', ' '),
      // With Content-Length the size is known up front; chunked, only counting while reading catches it.
      chunked: fc.boolean(),
    });
    const v = await ctx.property(
      'oversize body',
      arb,
      async ({ extra, char, chunked }) => {
        // Bytes, not characters: pad with whole characters until the UTF-8 body is over the limit by at least `extra`.
        const per = Buffer.byteLength(char);
        const count = Math.ceil((max - Buffer.byteLength(wrapper) + extra) / per);
        const body = `${wrapper.slice(0, -2)}${char.repeat(count)}"}`;
        const ex = await ctx.request({
          method: api.create.method,
          path: api.collectionPath(ctx.endpointId),
          headers: { 'content-type': api.requestMediaType },
          body,
          chunked,
          operation: api.create,
        });
        expectStatus(
          ex,
          expectedFor(api.create, STATUS.contentTooLarge),
          `create with a ${Buffer.byteLength(body)}-byte ${chunked ? 'chunked ' : ''}body (limit ${max})`,
        );
      },
      Math.max(1, Math.ceil(ctx.runs / 4)),
      [
        // The limit + 1 byte, in both framings, on every run whatever --runs is.
        { extra: 1, char: 'a', chunked: false },
        { extra: 1, char: 'a', chunked: true },
      ],
    );
    return v ? [v] : [];
  },
};
