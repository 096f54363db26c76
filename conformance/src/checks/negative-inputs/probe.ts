import fc from 'fast-check';
import { wellFormed } from '../../arbitraries.js';
import { expectErrorNamed } from '../../expect.js';
import type { Exchange } from '../../exchange.js';
import type { ApiModel } from '../../api-model.js';
import type { CheckContext, Violation } from '../../types.js';

/** What every part of the check shares: the run, a valid create body, and how to look for the input's name. */
export interface Probe {
  readonly ctx: CheckContext;
  readonly api: ApiModel;
  readonly endpointId: string;
  /** A well-formed key id (drawn once with the run's seed), for paths where only the Endpoint id is malformed. */
  readonly key: string;
  /** The name a valid create body carries, and that body. */
  readonly sentName: string;
  readonly validBody: string;
  readonly jsonHeaders: Record<string, string>;
  /** The violations found so far, in the order they are found. */
  readonly out: Violation[];
  /**
   * The problem names the input (`where`, `name`). A static mock answers every 400 with the document's one example
   * problem: naming the input is full-profile only.
   */
  named(ex: Exchange, where: string, name: string | undefined, what: string): void;
  /** Adds a property's failure, if any, to {@link out}. */
  push(v: Violation | undefined): void;
}

export function probeFor(ctx: CheckContext): Probe {
  const { api } = ctx;
  const sentName = 'conformance negative-inputs';
  const out: Violation[] = [];
  return {
    ctx,
    api,
    endpointId: ctx.endpointId,
    key: fc.sample(wellFormed(api.keyParam), { numRuns: 1, seed: ctx.seed })[0]!,
    sentName,
    validBody: JSON.stringify({ [api.nameField]: sentName }),
    jsonHeaders: { 'content-type': api.requestMediaType },
    out,
    named: (ex, where, name, what) => {
      if (ctx.profile === 'full') expectErrorNamed(ex, where, name, what);
    },
    push: (v) => {
      if (v) out.push(v);
    },
  };
}

/** A create request with the given headers and body text. */
export function create(p: Probe, headers: Record<string, string>, body: string): Promise<Exchange> {
  const { api } = p;
  return p.ctx.request({
    method: api.create.method,
    path: api.collectionPath(p.endpointId),
    headers,
    body,
    operation: api.create,
  });
}

/** A list request with one query parameter, its value percent-encoded. */
export function listWith(p: Probe, name: string, value: string): Promise<Exchange> {
  const { api } = p;
  return p.ctx.request({
    method: api.list.method,
    path: `${api.collectionPath(p.endpointId)}?${name}=${encodeURIComponent(value)}`,
    operation: api.list,
  });
}
