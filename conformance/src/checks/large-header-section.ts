import { expectedSuccess } from '../statuses.js';
import { createKey } from '../key-client.js';
import type { Check, Violation } from '../types.js';

/** Bytes of the header section the HTTP client adds on its own (Host, Connection) and line ends, kept in reserve. */
const RESERVE = 256;

/**
 * Requests whose header section is as large as the spec's `x-request-limits.minHeaderSectionBytes` are answered as
 * usual: a server may refuse larger ones (431, RFC 6585 §5), not these.
 */
export const largeHeaderSection: Check = {
  id: 'large-header-section',
  title: 'A header section as large as x-request-limits says is accepted',
  rule: '#/x-request-limits/minHeaderSectionBytes',
  profiles: ['full'],
  endpointUse: 'shared',
  async run(ctx): Promise<Violation[]> {
    const { api, contract } = ctx;
    const limit = contract.minHeaderSectionBytes;
    if (limit === undefined)
      return [
        { message: 'the spec has no x-request-limits.minHeaderSectionBytes, so this check has no rule to apply' },
      ];
    const line = (name: string, value: string) => Buffer.byteLength(`${name}: ${value}\r\n`);
    const padded = (headers: Record<string, string>) => {
      // The run's extra headers (--header) are part of every header section: counted too.
      const extra = Object.fromEntries(ctx.http.extraHeaders.map((h) => [h.name, h.value]));
      const used = Object.entries({ ...extra, ...headers, [contract.apiKeyHeader]: ctx.http.apiKey }).reduce(
        (n, [k, v]) => n + line(k, v),
        0,
      );
      const name = 'x-conformance-padding';
      return { ...headers, [name]: 'a'.repeat(Math.max(0, limit - RESERVE - used - line(name, ''))) };
    };
    const out: Violation[] = [];
    const created = await createKey(ctx, 'conformance large-header-section');
    const id = created.key?.[api.idField];
    if (typeof id !== 'string')
      return [ctx.violation(`create did not return a key (status ${created.ex.status})`, created.ex)];
    const read = await ctx.request({
      method: api.read.method,
      path: api.itemPath(ctx.endpointId, id),
      headers: padded({}),
      operation: api.read,
    });
    if (!expectedSuccess(api.read).includes(read.status))
      out.push(ctx.violation(`a read with a ${limit}-byte header section answered ${read.status}`, read));
    const list = await ctx.request({
      method: api.list.method,
      path: api.collectionPath(ctx.endpointId),
      headers: padded({}),
      operation: api.list,
    });
    if (!expectedSuccess(api.list).includes(list.status))
      out.push(ctx.violation(`a list with a ${limit}-byte header section answered ${list.status}`, list));
    return out;
  },
};
