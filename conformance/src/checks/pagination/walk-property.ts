import fc from 'fast-check';
import { expectThat } from '../../expect.js';
import { bodyObject, pageItems } from '../../exchange.js';
import { cursorOf } from '../../key-client.js';
import type { Violation } from '../../types.js';
import type { Follow, Pager, WalkPage } from './pager.js';
import { walk } from './walk.js';

/** The walk every other is compared with: the largest pages, JSON, forward; its keys, and the total it reported. */
export interface Reference {
  pages: WalkPage[];
  all: string[];
  total: number;
}

/** One generated walk: page size (undefined: the default), representation, and how it follows to the next page. */
interface WalkCase {
  limit: number | undefined;
  media: string | undefined;
  follow: Follow;
}

/** A value for a message, non-ASCII code points escaped, so text differing only in normalisation shows the difference. */
const shown = (v: unknown): string =>
  (JSON.stringify(v) ?? String(v)).replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);

/**
 * The `walk` property: walks of any page size, representation and way of following see every key of the reference
 * walk once, in its order, with the same fields, and the same keys walking back from the last page.
 */
export async function walkProperty(p: Pager, ref: Reference): Promise<Violation | undefined> {
  const { api, minLimit, maxLimit } = p;
  const arb = fc.record({
    limit: fc.oneof(
      fc.constant(undefined),
      fc.integer({ min: minLimit, max: Math.min(maxLimit, Math.max(minLimit, ref.total + 2)) }),
    ),
    media: fc.constantFrom(undefined, ...api.successMedia(api.list)),
    follow: fc.constantFrom<Follow>('cursor', 'link', 'hal'),
  });
  // Every representation is walked at least once, over a few pages, following the links as given (HAL's own links
  // where the representation has them, `Link` otherwise); the generated runs add the rest.
  const exampleLimit = Math.min(maxLimit, Math.max(minLimit, Math.ceil(ref.total / 3)));
  const examples = api.successMedia(api.list).map((media): WalkCase => ({ limit: exampleLimit, media, follow: 'hal' }));
  const referenceItems = new Map(
    ref.pages.flatMap((page) => page.items.map((item) => [String(item[api.idField]), item] as const)),
  );
  return p.ctx.property(
    'walk',
    arb,
    (w) => walkBothWays(p, ref.all, referenceItems, w),
    Math.max(1, Math.ceil(p.ctx.runs / 2)),
    examples,
  );
}

/** One run of the `walk` property: forward to the last page, then back from it. */
async function walkBothWays(
  p: Pager,
  all: string[],
  referenceItems: Map<string, Record<string, unknown>>,
  { limit, media, follow }: WalkCase,
): Promise<void> {
  const { api, prev } = p;
  const fwd = await walk(p, limit, media, 0, follow);
  const ids = fwd.flatMap((page) => page.ids);
  expectForwardWalk(p, fwd, ids, all, limit, media);
  sameItems(p, referenceItems, fwd, media);
  for (const page of fwd) {
    const t = bodyObject(page.ex)?.[api.totalField];
    if (page.ex.check?.decoded?.representation !== 'csv')
      expectThat(
        t === all.length,
        `page ${page.ex.url} says total ${JSON.stringify(t)}, the walk found ${all.length}`,
        page.ex,
      );
  }
  const last = fwd.at(-1)!;
  const back = cursorOf(last.ex, prev.field, prev.param, 'prev');
  if (fwd.length > 1) {
    expectThat(typeof back === 'string', `the last page has no ${prev.field}`, last.ex);
    const bwd = await walk(p, limit, media, 1, follow, last.ex);
    sameItems(p, referenceItems, bwd, media);
    const backIds = [...bwd].reverse().flatMap((page) => page.ids);
    expectThat(
      JSON.stringify([...backIds, ...last.ids]) === JSON.stringify(ids),
      `walking back with ${prev.param} from the last page does not give the keys before it in the forward walk's order (page boundaries may differ; the keys may not)`,
      bwd.at(-1)?.ex ?? last.ex,
    );
  } else {
    expectThat(back === null || back === undefined, `the only page has a ${prev.field}`, last.ex);
  }
}

/** A forward walk saw each key once, none missing, in the reference walk's order. */
function expectForwardWalk(
  p: Pager,
  fwd: WalkPage[],
  ids: string[],
  all: string[],
  limit: number | undefined,
  media: string | undefined,
): void {
  const { limitName } = p;
  expectThat(
    new Set(ids).size === ids.length,
    `forward walk with ${limitName}=${limit ?? '(default)'} saw a key twice`,
    fwd.at(-1)!.ex,
  );
  const missing = all.filter((id) => !ids.includes(id));
  expectThat(
    missing.length === 0 && ids.length === all.length,
    `forward walk with ${limitName}=${limit ?? '(default)'} (${media ?? 'default'}) saw ${ids.length} keys, ${missing.length} missing of ${all.length}`,
    fwd.at(-1)!.ex,
  );
  expectThat(
    JSON.stringify(ids) === JSON.stringify(all),
    `forward walk with ${limitName}=${limit ?? '(default)'} ordered keys differently from the full walk`,
    fwd.at(-1)!.ex,
  );
}

/** Every item of a walk has the fields (all of them, decoded) the JSON reference walk gave for the same id. */
function sameItems(
  p: Pager,
  referenceItems: Map<string, Record<string, unknown>>,
  pages: WalkPage[],
  media: string | undefined,
): void {
  for (const { ex, items } of pages) {
    const d = ex.check?.decoded;
    for (const item of items) {
      const id = String(item[p.api.idField]);
      const ref = referenceItems.get(id);
      if (!ref) continue;
      for (const [field, want] of Object.entries(ref)) {
        if (d?.representation === 'csv' && !d.columns.includes(field)) continue;
        const got = item[field] === undefined && want === null ? null : item[field];
        expectThat(
          got === want,
          `list item ${id} (${media ?? 'default'}): ${field} is ${shown(got)}, the JSON list has ${shown(want)}`,
          ex,
        );
      }
    }
  }
}

/** The reference walk lists keys oldest first (by the first timestamp field, then by id), or a violation. */
export function oldestFirst(p: Pager, ref: Reference): Violation | undefined {
  const { api, ctx } = p;
  const timeField = ctx.contract.timestampFields[0];
  if (!timeField) return undefined;
  const items = ref.pages.flatMap((page) => pageItems(page.ex, api.itemsField) ?? []);
  for (let i = 1; i < items.length; i++) {
    const a = items[i - 1]!;
    const b = items[i]!;
    const ta = Number(a[timeField]);
    const tb = Number(b[timeField]);
    if (ta > tb || (ta === tb && String(a[api.idField]) > String(b[api.idField])))
      return ctx.violation(
        `list is not oldest first: ${String(a[api.idField])} (${ta}) before ${String(b[api.idField])} (${tb})`,
        ref.pages[0]!.ex,
      );
  }
  return undefined;
}
