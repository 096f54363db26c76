import fc from 'fast-check';
import { malformedQueryValue } from '../../arbitraries.js';
import { expectStatus } from '../../expect.js';
import { pageItems, type Exchange } from '../../exchange.js';
import { expectedFor, STATUS } from '../../statuses.js';
import type { ApiModel } from '../../api-model.js';
import { listWith, type Probe } from './probe.js';

/** The limit parameter and the bounds its schema gives. */
interface Limit {
  param: NonNullable<ApiModel['limitParam']>;
  minimum: number | undefined;
  maximum: number | undefined;
}

/** The limit parameter with its schema's bounds, or undefined when the list has none. */
export function limitOf(p: Probe): Limit | undefined {
  const param = p.api.limitParam;
  if (!param) return undefined;
  const { minimum, maximum } = param.resolvedSchema as { minimum?: number; maximum?: number };
  return { param, minimum, maximum };
}

/** Values no reading makes a valid integer: 400 (spec: "Inputs the rules above leave open", query values). */
export async function malformedLimitProperty(p: Probe, { param: limit, minimum, maximum }: Limit): Promise<void> {
  const { ctx, api } = p;
  const badLimit = fc
    .oneof(
      // Out of the schema's bounds, where it has them (no guessed bound where it has none).
      ...(minimum !== undefined ? [fc.integer({ min: minimum - 1000, max: minimum - 1 }).map(String)] : []),
      ...(maximum !== undefined ? [fc.integer({ min: maximum + 1, max: maximum + 10_000 }).map(String)] : []),
      // The spec's own examples and a lone sign. Not `1,5`: parsers with digit grouping read it as 15 (and list
      // readings as 1 or 5), so it is tried below with the other spellings.
      fc.constantFrom('abc', '1.5', 'null', '-'),
    )
    .filter((s) => !limit.validate(Number.isNaN(Number(s)) ? s : Number(s)));
  // Both bounds, just outside, tried on every run whatever --runs is.
  const outside = [
    ...(minimum !== undefined ? [String(minimum - 1)] : []),
    ...(maximum !== undefined ? [String(maximum + 1)] : []),
  ];
  p.push(
    await ctx.property(
      'malformed limit',
      badLimit,
      async (value) => {
        const ex = await listWith(p, limit.name, value);
        expectStatus(ex, expectedFor(api.list, STATUS.badRequest), `list with ${limit.name}=${JSON.stringify(value)}`);
        p.named(ex, 'query', limit.name, `list with ${limit.name}=${JSON.stringify(value)}`);
      },
      undefined,
      outside,
    ),
  );
}

/** Items on a list page, or undefined when the page cannot be read. */
const sizeOf = (p: Probe, ex: Exchange): number | undefined => pageItems(ex, p.api.itemsField)?.length;

/** Other spellings of a valid integer: 400, or read as that integer (then the page holds at most that many). */
export async function limitSpellings(p: Probe, { param: limit, minimum, maximum }: Limit): Promise<void> {
  const { ctx, api } = p;
  for (const [value, atMost] of spellingCases({ param: limit, minimum, maximum })) {
    const ex = await listWith(p, limit.name, value);
    const ok =
      expectedFor(api.list, STATUS.badRequest).includes(ex.status) ||
      (ex.status === 200 && (sizeOf(p, ex) ?? Infinity) <= atMost);
    if (!ok)
      p.out.push(
        ctx.violation(
          `list with ${limit.name}=${JSON.stringify(value)} answered ${ex.status} with ${sizeOf(p, ex) ?? 'unreadable'} items; the spec allows 400 or a page of at most ${atMost}`,
          ex,
        ),
      );
  }
}

/** Each spelling of a limit with the most items a page may then hold. */
function spellingCases({ param: limit, minimum, maximum }: Limit): [string, number][] {
  const v = Math.min(maximum ?? 5, Math.max(minimum ?? 1, 5));
  const spellings = [`0${v}`, `+${v}`, `${v}.0`, `${v}e0`, `0x${v.toString(16)}`, ` ${v}`];
  const fallback = Number(limit.resolvedSchema['default'] ?? maximum ?? Number.MAX_SAFE_INTEGER);
  // Where common parsers disagree on the integer, a page of at most the largest reading within range (none: 400).
  const inRange = (n: number) => n >= (minimum ?? 1) && n <= (maximum ?? Number.MAX_SAFE_INTEGER);
  const largest = (readings: number[]) => Math.max(-1, ...readings.filter(inRange));
  return [
    ...spellings.map((sp) => [sp, v] as [string, number]),
    // `1,5`: 15 with digit grouping, 1 or 5 as a list (a parameter given twice may use one of its values).
    ['1,5', largest([1, 5, 15])],
    // The maximum + 1 with a leading zero: out of range in decimal, but octal where the parser also takes `0x10`
    // (C's strtol and Go's ParseInt with base 0, Java's Integer.decode).
    ...(maximum !== undefined
      ? [
          [
            `0${maximum + 1}`,
            largest([maximum + 1, ...(/^[0-7]+$/.test(String(maximum + 1)) ? [parseInt(String(maximum + 1), 8)] : [])]),
          ] as [string, number],
        ]
      : []),
    ['', fallback],
    [' ', fallback],
  ];
}

/** The limit given twice: 400, or one of the values used. */
export async function limitTwice(p: Probe, { param: limit, minimum }: Limit): Promise<void> {
  const { ctx, api } = p;
  const [a, b] = [String(minimum ?? 1), String((minimum ?? 1) + 1)];
  const twice = await ctx.request({
    method: api.list.method,
    path: `${api.collectionPath(p.endpointId)}?${limit.name}=${a}&${limit.name}=${b}`,
    operation: api.list,
  });
  if (!(
    expectedFor(api.list, STATUS.badRequest).includes(twice.status) ||
    (twice.status === 200 && (sizeOf(p, twice) ?? Infinity) <= Number(b))
  )) {
    p.out.push(
      ctx.violation(
        `list with ${limit.name} given twice (${a}, ${b}) answered ${twice.status} with ${sizeOf(p, twice) ?? 'unreadable'} items; the spec allows 400 or one of the values`,
        twice,
      ),
    );
  }
}

/** An empty or white-space-only cursor is 400 or treated as absent (spec: "Inputs the rules above leave open"). */
export async function blankCursors(p: Probe): Promise<void> {
  const { ctx, api } = p;
  for (const { param } of api.cursors) {
    for (const value of ['', ' ', '\t']) {
      const ex = await listWith(p, param, value);
      if (!expectedFor(api.list, STATUS.badRequest).includes(ex.status) && ex.status !== 200)
        p.out.push(
          ctx.violation(
            `list with ${param}=${JSON.stringify(value)} answered ${ex.status}; the spec allows 400 or the first page`,
            ex,
          ),
        );
    }
  }
}

/** Malformed values of every cursor parameter (next and previous), not only the first: 400 naming the parameter. */
export async function malformedCursorProperties(p: Probe): Promise<void> {
  const { ctx, api } = p;
  for (const { param } of api.cursors) {
    const cursorParam = api.list.parameters.find((q) => q.name === param);
    if (!cursorParam) continue;
    // Not white space only: that is 400 or treated as absent (tried above).
    const badCursor = malformedQueryValue(cursorParam);
    p.push(
      await ctx.property(
        `malformed ${param} cursor`,
        badCursor,
        async (cursor) => {
          const ex = await listWith(p, cursorParam.name, cursor);
          expectStatus(
            ex,
            expectedFor(api.list, STATUS.badRequest),
            `list with malformed ${cursorParam.name} ${JSON.stringify(cursor)}`,
          );
          p.named(ex, 'query', cursorParam.name, `list with malformed ${cursorParam.name}`);
        },
        Math.max(1, Math.ceil(ctx.runs / api.cursors.length)),
      ),
    );
  }
}
