import fc from 'fast-check';
import { wellFormed } from '../../arbitraries.js';
import { expectStatus } from '../../expect.js';
import type { Exchange } from '../../exchange.js';
import { cursorOf, listPage } from '../../key-client.js';
import { expectedFor, STATUS } from '../../statuses.js';
import type { ParameterSpec } from '../../../../contract/src/index.js';
import type { Violation } from '../../types.js';
import { LINK_REL, type Pager } from './pager.js';

/**
 * Well-formed cursors no server issues but by a chance too small to matter: at least {@link UNISSUED_LENGTH} characters
 * drawn from the parameter's pattern. A short one (`7`) may well be a handle a server gave out (an opaque cursor may be
 * anything its schema allows), so it would not show that the server refuses what it did not issue.
 */
const UNISSUED_LENGTH = 22;
function unissuedCursor(param: ParameterSpec): fc.Arbitrary<string> {
  return fc
    .array(wellFormed(param), { minLength: UNISSUED_LENGTH, maxLength: UNISSUED_LENGTH + 8 })
    .map((parts) => parts.join(''))
    .filter((s) => s.length >= UNISSUED_LENGTH && param.validate(s));
}

/** The `cursor not issued` property: a well-formed cursor the server did not issue, in any cursor parameter, is 400. */
export function foreignCursorProperty(p: Pager): Promise<Violation | undefined> {
  const { ctx, api } = p;
  const cursorParams = api.cursors.map((c) => api.list.parameters.find((q) => q.in === 'query' && q.name === c.param)!);
  const [firstCursor, ...moreCursors] = cursorParams.map((q) => unissuedCursor(q));
  return ctx.property(
    'cursor not issued',
    fc.tuple(firstCursor!, ...moreCursors),
    async (values) => {
      for (const [i, cursor] of values.entries()) {
        const { param } = api.cursors[i]!;
        const ex = await listPage(ctx, { [param]: cursor });
        expectStatus(
          ex,
          expectedFor(api.list, STATUS.badRequest),
          `list with a ${param} cursor the server did not issue`,
        );
      }
    },
    Math.max(1, Math.ceil(ctx.runs / 4)),
  );
}

/**
 * Several cursors at once are 400. A middle page has a genuine cursor for every cursor parameter: each in its own
 * parameter, and each in all of them.
 */
export async function severalCursors(p: Pager): Promise<Violation | undefined> {
  const { ctx, api, limitName, minLimit, next } = p;
  const page1 = await listPage(ctx, { [limitName]: String(minLimit) });
  const c1 = cursorOf(page1, next.field, next.param, 'next');
  const middle =
    typeof c1 === 'string' ? await listPage(ctx, { [limitName]: String(minLimit), [next.param]: c1 }) : page1;
  const genuine = api.cursors.map((c, i) => cursorOf(middle, c.field, c.param, LINK_REL[i] ?? c.param));
  const combos: Record<string, string>[] = [];
  if (genuine.every((g) => typeof g === 'string'))
    combos.push(Object.fromEntries(api.cursors.map((c, i) => [c.param, genuine[i]!])));
  for (const g of genuine)
    if (typeof g === 'string') combos.push(Object.fromEntries(api.cursors.map((c) => [c.param, g])));
  if (combos.length === 0) ctx.note('no page had a cursor, so sending several cursors at once was not tried');
  for (const q of combos) {
    const both = await listPage(ctx, q);
    if (!expectedFor(api.list, STATUS.badRequest).includes(both.status))
      return severalCursorsViolation(p, q, genuine, both);
  }
  return undefined;
}

/** The violation for a list that took several cursors at once, naming which of them were the page's own. */
function severalCursorsViolation(
  p: Pager,
  q: Record<string, string>,
  genuine: (string | null | undefined)[],
  both: Exchange,
): Violation {
  const { cursors } = p.api;
  const sent = cursors
    .map((c, i) => `${c.param}=${q[c.param] === genuine[i] ? `its ${c.field}` : 'another cursor'}`)
    .join(', ');
  return p.ctx.violation(
    `list with ${cursors.map((c) => c.param).join(' and ')} together (${sent}) answered ${both.status}`,
    both,
  );
}
