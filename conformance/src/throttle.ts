/** How the run waits out a target that asks it to slow down (429, or 503 with Retry-After). */
export interface RetryPolicy {
  /** Re-sends of one request at most. */
  maxRetries: number;
  /** The longest single wait the run accepts; a longer Retry-After ends the request instead. */
  maxWaitMs: number;
}

/** What to do with a response: not a throttling answer (undefined), wait and re-send, or give up saying why. */
export type ThrottleDecision = undefined | { waitMs: number; retryAfter?: string } | { giveUp: string };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const IMF_FIXDATE = /^[A-Z][a-z]{2}, (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850_DATE = /^[A-Z][a-z]+, (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME_DATE = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

function utc(year: number, month: string, day: string, h: string, m: string, s: string): number | undefined {
  const mon = MONTHS.indexOf(month.toLowerCase());
  if (mon < 0) return undefined;
  const ms = Date.UTC(year, mon, Number(day), Number(h), Number(m), Number(s));
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * An HTTP-date (RFC 9110 §5.6.7) as epoch ms: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient
 * must accept. A two-digit year more than 50 years ahead is read as the past century, as §5.6.7 says.
 */
export function parseHttpDate(text: string, nowMs: number): number | undefined {
  let m = IMF_FIXDATE.exec(text);
  if (m) return utc(Number(m[3]), m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
  m = RFC850_DATE.exec(text);
  if (m) {
    const thisYear = new Date(nowMs).getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + Number(m[3]);
    if (year > thisYear + 50) year -= 100;
    return utc(year, m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
  }
  m = ASCTIME_DATE.exec(text);
  if (m) return utc(Number(m[6]), m[1]!, m[2]!.trim(), m[3]!, m[4]!, m[5]!);
  return undefined;
}

/**
 * The wait a `Retry-After` asks for, in ms (RFC 9110 §10.2.3: delay-seconds, or an HTTP-date, measured from the
 * response's own `Date` when it has a valid one, so a target's clock skew does not stretch the wait). Undefined when
 * absent or invalid; a date in the past is 0.
 */
export function retryAfterMs(
  value: string | undefined,
  dateHeader: string | undefined,
  nowMs: number,
): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = parseHttpDate(text, nowMs);
  if (at === undefined) return undefined;
  const sent = dateHeader === undefined ? undefined : parseHttpDate(dateHeader.trim(), nowMs);
  return Math.max(0, at - (sent ?? nowMs));
}

/** Without Retry-After, a 429 is waited out with a doubling backoff from 1 s (1, 2, 4, …), capped by maxWaitMs. */
const BACKOFF_START_MS = 1000;

/**
 * Whether a response is the target asking the run to slow down, and what to do. A `429` (RFC 6585 §4) is waited out,
 * for its `Retry-After` or with a short backoff; a `503` only with `Retry-After` (RFC 9110 §15.6.4): without one it is
 * the server's answer, a 5xx like any other. Re-sending is safe for every method, a create included: both statuses
 * say the server did not act on the request (RFC 6585 §4: refused for its rate; RFC 9110 §15.6.4: the server is
 * unable to handle it now). `retries` is how many times this request was already re-sent.
 */
export function throttleDecision(
  response: { status: number; headers: Readonly<Record<string, string>> },
  retries: number,
  policy: RetryPolicy,
  nowMs: number,
): ThrottleDecision {
  const { status, headers } = response;
  // --retries 0: the kit does not wait anything out; a 429 or 503 is the target's answer, judged like any other (the
  // spec documents a 429 on every operation as x-optional, so http-contract checks its problem and Retry-After).
  if ((status !== 429 && status !== 503) || policy.maxRetries === 0) return undefined;
  const raw = headers['retry-after'];
  const asked = retryAfterMs(raw, headers['date'], nowMs);
  if (status === 503 && asked === undefined) return undefined;
  if (retries >= policy.maxRetries)
    return { giveUp: `still ${status} after ${retries} retries (--retries ${policy.maxRetries})` };
  if (asked === undefined) return { waitMs: Math.min(BACKOFF_START_MS * 2 ** retries, policy.maxWaitMs) };
  if (asked > policy.maxWaitMs)
    return {
      giveUp: `the target asked to wait ${Math.ceil(asked / 1000)} s (${status}, Retry-After: ${raw ?? ''}), longer than the cap of ${policy.maxWaitMs / 1000} s (--max-retry-wait)`,
    };
  return { waitMs: asked, retryAfter: raw ?? '' };
}
