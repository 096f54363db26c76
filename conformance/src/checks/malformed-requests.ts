import fc from 'fast-check';
import { checkResponse, type Operation, type ResponseSpec } from '../../../contract/src/index.js';
import { wellFormed } from '../arbitraries.js';
import { rawEnding } from '../evidence.js';
import type { RawExchange } from '../exchange.js';
import { instanceMismatch } from '../problem-instance.js';
import type { RawResponse } from '../raw-http.js';
import { expectedSuccess, STATUS } from '../statuses.js';
import type { Check, CheckContext, Violation } from '../types.js';

/** What one case sends and what the spec lets the server do with it. */
interface MalformedCase {
  /** What the message is, for people. */
  name: string;
  /** The message(s), exactly as written to the socket (Latin-1). */
  text: string;
  /** The operation the message addresses (for a create case, whether it created a key). */
  operation: Operation;
  /**
   * What each response may be, in order (pipelined requests: one entry per request). A server may answer fewer (it
   * may close instead of answering a request it cannot parse), never more.
   */
  answers: readonly Answer[];
  /** After its answers the connection must close (the message cannot be parsed; RFC 9112 §6.1, §9.6). */
  mustClose: boolean;
  /** Closing instead of answering is allowed (the spec's "or the connection is closed"); not for a valid request. */
  mayCloseUnanswered: boolean;
}

/**
 * What a response may be: its statuses and why (for the violation's message), and the operation whose documented
 * responses judge it (its `default` problem shape for a 4xx the operation does not document).
 */
interface Answer {
  statuses: (status: number) => boolean;
  expected: string;
  operation: Operation;
  /**
   * The request's path (as sent) when the server could parse the request: a problem's `instance` must then be it
   * (spec: Problem.instance). Absent for a message that cannot be parsed, whose `instance` may be any URI reference.
   */
  path?: string;
}

const clientError = (operation: Operation): Answer => ({
  statuses: (s) => s >= 400 && s < 500,
  expected: 'a 4xx (or a closed connection)',
  operation,
});
const badRequest = (operation: Operation, path: string): Answer => ({
  statuses: (s) => s === STATUS.badRequest,
  expected: '400 (RFC 9112 §3.2), or a closed connection',
  operation,
  path,
});

/** The spec's documented responses for a status of `op`, else its `default` under that status (a 4xx the op omits). */
function responsesFor(op: Operation, status: number): ResponseSpec[] {
  if (op.responses.some((r) => r.status === String(status))) return op.responses;
  const fallback = op.responses.find((r) => r.status === 'default');
  return fallback ? [{ ...fallback, status: String(status) }] : op.responses;
}

/** The pieces the messages are made of: the target's request-targets and the run's own field lines. */
interface Parts {
  ctx: CheckContext;
  /** `Host: <the target's authority>` and CRLF. */
  host: string;
  /** The API key and the run's extra headers, as field lines. */
  fields: string;
  /** The list's path and a `?limit=1` query (when the spec has a limit parameter). */
  list: string;
  limit: string;
  /** A well-formed key id that is not on the Endpoint (drawn with the run's seed). */
  item: string;
  /** A create body no reading accepts (an empty name): whatever a server makes of the framing, nothing is created. */
  refused: string;
  /** A request line that is not HTTP/1.1 (no such version), with a Host and the run's fields. */
  brokenLine: string;
}

/** A create body the spec's request schema refuses: an empty name, or else (a spec that allows one) a JSON array. */
function refusedBody(ctx: CheckContext): string {
  const { api } = ctx;
  const candidates = [{ [api.nameField]: '' }, []];
  return JSON.stringify(candidates.find((body) => !api.validateCreateBody(body)) ?? null);
}

function partsFor(ctx: CheckContext): Parts {
  const { api, http } = ctx;
  const host = `Host: ${http.authority}\r\n`;
  const fields = http.fieldLines();
  const list = http.targetPath(api.collectionPath(ctx.endpointId));
  const absentKey = fc.sample(wellFormed(api.keyParam), { numRuns: 1, seed: ctx.seed })[0]!;
  return {
    ctx,
    host,
    fields,
    list,
    limit: api.limitParam ? `?${api.limitParam.name}=1` : '',
    item: http.targetPath(api.itemPath(ctx.endpointId, absentKey)),
    refused: refusedBody(ctx),
    brokenLine: `GET ${list} HTTP/1.x\r\n${host}${fields}\r\n`,
  };
}

/** The `Host` cases: RFC 9112 §3.2 names the status (400). */
function hostCases(p: Parts): MalformedCase[] {
  const { api } = p.ctx;
  const answers = [badRequest(api.list, p.list)];
  const base = { operation: api.list, answers, mustClose: false, mayCloseUnanswered: true };
  return [
    { ...base, name: 'an HTTP/1.1 request without Host', text: `GET ${p.list}${p.limit} HTTP/1.1\r\n${p.fields}\r\n` },
    {
      ...base,
      name: 'a request with two Host field lines',
      text: `GET ${p.list}${p.limit} HTTP/1.1\r\n${p.host}${p.host}${p.fields}\r\n`,
    },
    {
      ...base,
      name: 'a request whose Host is not a valid host (a space in it)',
      text: `GET ${p.list}${p.limit} HTTP/1.1\r\nHost: exa mple.invalid\r\n${p.fields}\r\n`,
    },
  ];
}

/** Messages that cannot be read: a broken request line, conflicting framing, a bad chunk size. */
function framingCases(p: Parts): MalformedCase[] {
  const { api } = p.ctx;
  const json = `Content-Type: ${api.requestMediaType}\r\n`;
  const chunked = `${p.refused.length.toString(16)}\r\n${p.refused}\r\n0\r\n\r\n`;
  const base = { mustClose: true, mayCloseUnanswered: true };
  return [
    {
      ...base,
      name: 'a broken request line (HTTP/1.x is no HTTP version)',
      text: p.brokenLine,
      operation: api.list,
      answers: [clientError(api.list)],
    },
    {
      ...base,
      name: 'a create with both Content-Length and Transfer-Encoding: chunked',
      text: `POST ${p.list} HTTP/1.1\r\n${p.host}${p.fields}${json}Content-Length: ${p.refused.length}\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}`,
      operation: api.create,
      answers: [clientError(api.create)],
    },
    {
      ...base,
      name: 'a create with a bad chunk size',
      text: `POST ${p.list} HTTP/1.1\r\n${p.host}${p.fields}${json}Transfer-Encoding: chunked\r\n\r\nzz\r\n${p.refused}\r\n0\r\n\r\n`,
      operation: api.create,
      answers: [clientError(api.create)],
    },
  ];
}

/**
 * Obsolete line folding and a bare CR in a field: RFC 9112 §5.2 and §2.2 let a server refuse the message or read the
 * fold / the CR as a space (the request then gets its usual answer).
 */
function fieldLineCases(p: Parts): MalformedCase[] {
  const { api } = p.ctx;
  const success = expectedSuccess(api.list);
  const answers = [
    {
      statuses: (s: number) => (s >= 400 && s < 500) || success.includes(s),
      expected: `a 4xx, or the usual answer (${success.join(' or ')}) with the fold or CR read as a space`,
      operation: api.list,
    },
  ];
  const base = { operation: api.list, answers, mustClose: false, mayCloseUnanswered: true };
  return [
    {
      ...base,
      name: 'a field line folded onto the next (obs-fold)',
      text: `GET ${p.list}${p.limit} HTTP/1.1\r\n${p.host}${p.fields}X-Apikeys-Kit-Folded: first\r\n second\r\n\r\n`,
    },
    {
      ...base,
      name: 'a bare CR inside a field value',
      text: `GET ${p.list}${p.limit} HTTP/1.1\r\n${p.host}${p.fields}X-Apikeys-Kit-Cr: a\rb\r\n\r\n`,
    },
  ];
}

/** Pipelining (answers in request order), CONNECT, and an unknown Expect. */
function otherCases(p: Parts): MalformedCase[] {
  const { api, http } = p.ctx;
  const success = expectedSuccess(api.list);
  const listOk: Answer = {
    statuses: (s) => success.includes(s),
    expected: `${success.join(' or ')} (the list, the first request)`,
    operation: api.list,
  };
  const notFound: Answer = {
    statuses: (s) => s === STATUS.notFound,
    expected: '404 (the unknown key, the second request)',
    operation: api.read,
    path: p.item,
  };
  return [
    {
      name: 'three pipelined requests: a list, an unknown key, then a broken request line',
      text: `GET ${p.list}${p.limit} HTTP/1.1\r\n${p.host}${p.fields}\r\nGET ${p.item} HTTP/1.1\r\n${p.host}${p.fields}\r\n${p.brokenLine}`,
      operation: api.list,
      answers: [listOk, notFound, clientError(api.list)],
      mustClose: true,
      mayCloseUnanswered: true,
    },
    {
      name: 'CONNECT to the target itself',
      text: `CONNECT ${http.authority} HTTP/1.1\r\n${p.host}${p.fields}\r\n`,
      operation: api.list,
      answers: [clientError(api.list)],
      mustClose: false,
      mayCloseUnanswered: true,
    },
    {
      name: 'a list request with an Expect other than 100-continue',
      text: `GET ${p.list}${p.limit} HTTP/1.1\r\n${p.host}${p.fields}Expect: apikeys-kit-unknown-expectation\r\n\r\n`,
      operation: api.list,
      answers: [
        {
          statuses: (s) => success.includes(s) || s === STATUS.expectationFailed,
          expected: `the usual answer (${success.join(' or ')}) or 417 (RFC 9110 §10.1.1)`,
          operation: api.list,
          path: p.list,
        },
      ],
      mustClose: false,
      mayCloseUnanswered: false,
    },
  ];
}

/** The messages: each is invalid HTTP/1.1 in one way the spec names, or pipelined, or carries an unknown Expect. */
function casesFor(ctx: CheckContext): MalformedCase[] {
  const parts = partsFor(ctx);
  return [...hostCases(parts), ...framingCases(parts), ...fieldLineCases(parts), ...otherCases(parts)];
}

/** What is wrong with one response to a case (its status, then the documented response it must be), if anything. */
function responseProblem(ctx: CheckContext, res: RawResponse, answer: Answer): string | undefined {
  if (res.status >= 500) return `a ${res.status}: never a 5xx for a malformed message`;
  if (res.undecodable !== undefined) return `unreadable: ${res.undecodable}`;
  if (!answer.statuses(res.status)) return `status ${res.status}, expected ${answer.expected}`;
  const check = checkResponse(ctx.contract, responsesFor(answer.operation, res.status), res);
  if (check.violations.length > 0)
    return `its ${res.status} breaks the documented response: ${check.violations.map((v) => v.message).join('; ')}`;
  const decoded = check.decoded?.representation === 'json' ? (check.decoded.value as Record<string, unknown>) : null;
  const instance = decoded?.['instance'];
  if (answer.path === undefined || res.status < 400 || typeof instance !== 'string') return undefined;
  const base = ctx.http.url('');
  const requested = instanceMismatch(
    instance,
    new URL(answer.path, base).href,
    new URL(base).pathname.replace(/\/+$/, ''),
  );
  return requested === undefined
    ? undefined
    : `its problem's instance ${JSON.stringify(instance)} is not the request path ${requested} (spec: Problem.instance)`;
}

/** The violations of one case's exchange. */
function judge(ctx: CheckContext, c: MalformedCase, ex: RawExchange): Violation[] {
  const { responses, ending } = ex.result;
  const what = `${c.name}: ${rawEnding(ex)}`;
  if (ending === 'failed' || ending === 'overflow')
    return [ctx.rawViolation(`${what} (the check could not judge it)`, ex)];
  if (ex.throttled)
    return [ctx.rawViolation(`${what} (the check could not judge it: throttled past the run's retry limits)`, ex)];
  // The first wrong response is the verdict: what follows it on the same connection says little more.
  for (const [i, res] of responses.entries()) {
    const answer = c.answers[i];
    if (!answer) return [ctx.rawViolation(`${what}: more responses than requests`, ex, i)];
    const problem = responseProblem(ctx, res, answer);
    if (problem) return [ctx.rawViolation(`${what}: response ${i + 1} is ${problem}`, ex, i)];
  }
  const answeredAll = responses.length >= c.answers.length;
  if (ending === 'timeout' && !answeredAll)
    return [ctx.rawViolation(`${what}: neither answered nor closed (spec: a 4xx, or the connection closed)`, ex)];
  if (!answeredAll && !c.mayCloseUnanswered)
    return [
      ctx.rawViolation(
        `${what}: closed without answering a valid request (expected ${c.answers[responses.length]!.expected})`,
        ex,
      ),
    ];
  // Still open when the wait ended: the answers came and the close did not (the wait is the run's timeout).
  if (c.mustClose && (ending === 'open' || ending === 'timeout'))
    return [
      ctx.rawViolation(
        `${what}: the connection stayed open after the answer to a message that cannot be read (it must close: RFC 9112 §6.1, §9.3.2)`,
        ex,
      ),
    ];
  return [];
}

/** Keys a broken server created anyway (a 2xx with an id to a create case): deleted with the check's others. */
function remember(ctx: CheckContext, c: MalformedCase, ex: RawExchange): void {
  if (c.operation !== ctx.api.create) return;
  for (const res of ex.result.responses) {
    if (res.status < 200 || res.status >= 300) continue;
    try {
      const id = (JSON.parse(res.body) as Record<string, unknown>)[ctx.api.idField];
      if (typeof id === 'string') ctx.created(id);
    } catch {
      // Not JSON: nothing to delete that the check can name.
    }
  }
}

/**
 * Messages no HTTP client sends, written to the socket by hand, each on its own connection: what the spec says of
 * requests that are not valid HTTP/1.1 (a `4xx` as problem details, or a closed connection; `400` for the `Host`
 * cases; never a `5xx`), of conflicting framing (closed after the answer), of pipelining (answers in request order,
 * then the close after an unparseable one), of `CONNECT` and of an unknown `Expect`.
 */
export const malformedRequests: Check = {
  id: 'malformed-requests',
  title: 'Messages that are not valid HTTP/1.1 get a 4xx or a closed connection, never a 5xx',
  rule: '#/info/description (Messages that are not valid HTTP/1.1)',
  profiles: ['full'],
  requires: ['directConnection'],
  endpointUse: 'shared',
  async run(ctx): Promise<Violation[]> {
    const cases = casesFor(ctx);
    const send = (c: MalformedCase) =>
      ctx.raw({ name: c.name, text: c.text, responses: c.answers.length, awaitClose: c.mustClose });
    // The first case alone, then the others side by side (each on its own connection, within --concurrency): a
    // target that lets every such message wait out the timeout costs two timeouts, not nine.
    const [first, ...rest] = cases;
    const exchanges: RawExchange[] = first ? [await send(first)] : [];
    exchanges.push(...(await Promise.all(rest.map(send))));
    cases.forEach((c, i) => remember(ctx, c, exchanges[i]!));
    return cases.flatMap((c, i) => judge(ctx, c, exchanges[i]!));
  },
};
