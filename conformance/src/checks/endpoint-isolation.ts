import { expectedFor, expectedSuccess, STATUS } from '../statuses.js';
import { createKey, cursorOf, listAll, listPage } from '../key-client.js';
import { entitiesOf, pageItems, type Exchange } from '../exchange.js';
import type { Check, CheckContext, Violation } from '../types.js';

/**
 * A key belongs to one Endpoint (OWASP API Security Top 10 2023, API1: Broken Object Level Authorization): another
 * Endpoint's list never shows it, and reading or revoking it through another Endpoint's path is 404 and changes
 * nothing. Needs a second existing Endpoint (a second --endpoint-id; the in-process server has two).
 */
export const endpointIsolation: Check = {
  id: 'endpoint-isolation',
  title: "A key is reachable only through its own Endpoint: another Endpoint's list, read and delete never reach it",
  rule: '#/paths/~1v2.0~1endpoints~1{endpointId}~1apikeys~1{apiKeyId}/get/description',
  profiles: ['full'],
  requires: ['otherEndpoint'],
  // Walks both Endpoints' lists expecting a key absent, and sends one's cursor to the other.
  endpointUse: 'exclusive',
  async run(ctx): Promise<Violation[]> {
    const other = ctx.otherEndpointId!;
    const otherCtx: CheckContext = { ...ctx, endpointId: other };
    const mine = await createKey(ctx, 'conformance isolation (first endpoint)');
    const theirs = await createKey(otherCtx, 'conformance isolation (second endpoint)');
    const a = idOf(ctx, mine.ex);
    const b = idOf(ctx, theirs.ex);
    if (!a || !b)
      return [
        ctx.violation(
          `could not create a key in each Endpoint (${mine.ex.status}, ${theirs.ex.status})`,
          a ? theirs.ex : mine.ex,
        ),
      ];
    const out: Violation[] = [];
    for (const [owner, stranger, id, label] of [
      [ctx.endpointId, other, a, 'first'],
      [other, ctx.endpointId, b, 'second'],
    ] as const)
      out.push(...(await strangerCannotReach(ctx, otherCtx, { owner, stranger, id, label })));
    const foreign = await foreignCursor(ctx, otherCtx, b);
    if (foreign) out.push(foreign);
    // The second Endpoint's key is revoked through its own path (the run's cleanup uses the first Endpoint's).
    await del(ctx, other, b);
    return out;
  },
};

/** The id of the key an exchange carries. */
const idOf = (ctx: CheckContext, ex: Exchange) =>
  entitiesOf(ex)
    .map((e) => e[ctx.api.idField])
    .find((v): v is string => typeof v === 'string');

const get = (ctx: CheckContext, endpointId: string, id: string) =>
  ctx.request({ method: ctx.api.read.method, path: ctx.api.itemPath(endpointId, id), operation: ctx.api.read });
const del = (ctx: CheckContext, endpointId: string, id: string) =>
  ctx.request({ method: ctx.api.remove.method, path: ctx.api.itemPath(endpointId, id), operation: ctx.api.remove });

/** A key of Endpoint `owner`, and another Endpoint: `stranger`. `label` says which of the two Endpoints owns it. */
interface Placement {
  owner: string;
  stranger: string;
  id: string;
  label: string;
}

/**
 * The stranger Endpoint's list does not show the key, reading and revoking it through the stranger's path is 404,
 * and the key still exists in its own Endpoint afterwards.
 */
async function strangerCannotReach(
  ctx: CheckContext,
  otherCtx: CheckContext,
  { owner, stranger, id, label }: Placement,
): Promise<Violation[]> {
  const { api } = ctx;
  const out: Violation[] = [];
  const listed = await listAll(stranger === otherCtx.endpointId ? otherCtx : ctx);
  if (listed.items.some((i) => i[api.idField] === id)) {
    out.push(
      ctx.violation(`the key created in the ${label} Endpoint (${id}) is listed by Endpoint ${stranger}`, listed.ex),
    );
  }
  for (const [verb, send, op] of [
    ['reading', get, api.read],
    ['revoking', del, api.remove],
  ] as const) {
    const ex = await send(ctx, stranger, id);
    if (!expectedFor(op, STATUS.notFound).includes(ex.status)) {
      const message = `${verb} key ${id} through Endpoint ${stranger} (it belongs to ${owner}) answered ${ex.status}, expected 404`;
      out.push(ctx.violation(message, ex));
    }
  }
  const still = await get(ctx, owner, id);
  if (!expectedSuccess(api.read).includes(still.status)) {
    out.push(
      ctx.violation(
        `after a revoke through Endpoint ${stranger}, key ${id} is gone from its own Endpoint ${owner} (${still.status})`,
        still,
      ),
    );
  }
  return out;
}

/**
 * A cursor issued for the second Endpoint's list, sent to the first's: 400, or a position in the first's list,
 * never the second Endpoint's keys (spec: "Inputs the rules above leave open"). `b` is a key of the second Endpoint.
 */
async function foreignCursor(ctx: CheckContext, otherCtx: CheckContext, b: string): Promise<Violation | undefined> {
  const { api } = ctx;
  const other = otherCtx.endpointId;
  const next = api.cursors[0];
  const b2 = idOf(ctx, (await createKey(otherCtx, 'conformance isolation (second endpoint, 2)')).ex);
  if (!next || !api.limitParam || !b2) return undefined;
  let out: Violation | undefined;
  const page = await listPage(otherCtx, { [api.limitParam.name]: '1' });
  const cursor = cursorOf(page, next.field, next.param, 'next');
  if (typeof cursor === 'string') {
    const foreign = await listPage(ctx, { [next.param]: cursor });
    const leaked = (pageItems(foreign, api.itemsField) ?? [])
      .map((i) => i[api.idField])
      .filter((id) => id === b || id === b2);
    if (!(
      expectedFor(api.list, STATUS.badRequest).includes(foreign.status) ||
      (foreign.status === 200 && leaked.length === 0)
    )) {
      out = ctx.violation(
        `a ${next.param} cursor issued for Endpoint ${other}, sent to Endpoint ${ctx.endpointId}'s list, answered ${foreign.status}${leaked.length > 0 ? ` listing ${other}'s keys ${leaked.join(', ')}` : ''}; expected 400 or a page of ${ctx.endpointId}'s own keys`,
        foreign,
      );
    }
  } else ctx.note(`Endpoint ${other}'s first page had no ${next.field}, so a foreign cursor was not tried`);
  await del(ctx, other, b2);
  return out;
}
