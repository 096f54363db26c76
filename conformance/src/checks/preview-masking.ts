import fc from 'fast-check';
import { previewOf } from '../../../contract/src/index.js';
import { expectStatus, expectThat } from '../expect.js';
import { createKey, listAll, readKey } from '../key-client.js';
import { expectedSuccess } from '../statuses.js';
import type { Check, Violation } from '../types.js';

/** Each x-preview field is exactly the masking of its secret, and read and list show the same preview. */
export const previewMasking: Check = {
  id: 'preview-masking',
  title: 'The preview masks the key exactly as x-preview says, the same in create, read and list',
  rule: '#/components/schemas/KeyPreview/x-preview',
  profiles: ['full', 'stateless'],
  // Finds its key by walking the whole list, which a concurrent revoke could shift under a faulty cursor.
  endpointUse: 'exclusive',
  async run(ctx): Promise<Violation[]> {
    const { api, contract } = ctx;
    if (contract.previewRules.length === 0) {
      ctx.note('the spec declares no x-preview rule');
      return [];
    }
    const arb = fc.record({
      create: fc.constantFrom(...api.successMedia(api.create)),
      read: fc.constantFrom(...api.successMedia(api.read)),
    });
    const v = await ctx.property(
      'preview',
      arb,
      async ({ create, read }) => {
        const { ex, key } = await createKey(ctx, 'conformance preview-masking', create);
        expectStatus(ex, expectedSuccess(api.create), `create (${create})`);
        expectThat(key !== undefined, `create (${create}): body could not be read`, ex);
        const id = key[api.idField] as string;
        for (const rule of contract.previewRules) {
          const secret = key[rule.of];
          expectThat(typeof secret === 'string', `create (${create}): no ${rule.of}`, ex);
          const expected = previewOf(rule, secret);
          expectThat(
            key[rule.field] === expected,
            `create (${create}): ${rule.field} is ${JSON.stringify(key[rule.field])}, expected the masking of ${rule.of} (${rule.keepStart} + ${rule.maskLength}×${rule.maskChar} + ${rule.keepEnd})`,
            ex,
          );
          const got = await readKey(ctx, id, read);
          expectStatus(got.ex, expectedSuccess(api.read), `read (${read})`);
          expectThat(
            got.key?.[rule.field] === expected,
            `read (${read}): ${rule.field} is ${JSON.stringify(got.key?.[rule.field])}, create showed ${JSON.stringify(expected)}`,
            got.ex,
          );
          const listed = await listAll(ctx);
          const item = listed.items.find((i) => i[api.idField] === id);
          expectThat(
            item !== undefined,
            `list does not show the created key ${id}${listed.error ? ` (${listed.error})` : ''}`,
            listed.ex,
          );
          expectThat(
            item[rule.field] === expected,
            `list: ${rule.field} is ${JSON.stringify(item[rule.field])}, create showed ${JSON.stringify(expected)}`,
            listed.ex,
          );
        }
      },
      Math.max(1, Math.ceil(ctx.runs / 4)),
    );
    return v ? [v] : [];
  },
};
