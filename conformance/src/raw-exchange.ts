import { setTimeout as sleep } from 'node:timers/promises';
import type { RawExchange } from './exchange.js';
import type { RateGate } from './rate-gate.js';
import { sendRaw } from './raw-http.js';
import { throttleDecision, type RetryPolicy } from './throttle.js';

/** Room for one response's status line and header section in a raw exchange, on top of its body's limit. */
const RAW_HEAD_BYTES = 64 * 1024;

/** What a raw exchange takes from the run's HTTP client options (see HttpClientOptions). */
export interface RawExchangeOptions {
  target: URL;
  ca: string | undefined;
  timeoutMs: number;
  maxResponseBytes: number;
  rate: RateGate | undefined;
  retry: RetryPolicy;
  deadlineAt: number;
  maxTimeSeconds: number;
}

/** What to write: the text (Latin-1), how many responses it asks for, and whether the close must follow them. */
export interface RawMessage {
  text: string;
  responses: number;
  awaitClose: boolean;
}

/**
 * Sends a raw exchange and fills in its result. A 429, or a 503 with Retry-After, to any of its requests is waited out
 * and the whole message sent again, as for every other request (the spec documents 429 on every operation: a
 * throttled request had no effect); past the retry policy or the time limit the exchange is marked `throttled`.
 */
export async function sendRawExchange(
  ex: RawExchange,
  message: RawMessage,
  options: RawExchangeOptions,
): Promise<void> {
  const { retry, deadlineAt } = options;
  for (;;) {
    await attempt(ex, message, options);
    const throttled = ex.result.responses.find((r) => throttleDecision(r, 0, retry, Date.now()) !== undefined);
    if (!throttled) return;
    const decision = throttleDecision(throttled, ex.retries ?? 0, retry, Date.now());
    if (decision === undefined || 'giveUp' in decision || Date.now() + decision.waitMs >= deadlineAt) {
      ex.throttled = true;
      return;
    }
    await sleep(decision.waitMs);
    ex.retries = (ex.retries ?? 0) + 1;
    ex.retryWaitMs = (ex.retryWaitMs ?? 0) + decision.waitMs;
  }
}

/** One attempt, through the rate gate and within the run's time limit. */
async function attempt(ex: RawExchange, message: RawMessage, options: RawExchangeOptions): Promise<void> {
  const { rate, deadlineAt, maxTimeSeconds, timeoutMs, target, ca, maxResponseBytes } = options;
  if (rate) await rate.pass(deadlineAt);
  const leftMs = deadlineAt - Date.now();
  if (leftMs <= 0) {
    ex.result = {
      responses: [],
      ending: 'failed',
      elapsedMs: 0,
      trailing: 0,
      error: `not sent: the run's time limit (--max-time ${maxTimeSeconds} s) was reached`,
    };
    return;
  }
  ex.result = await sendRaw({
    target,
    ca,
    bytes: Buffer.from(message.text, 'latin1'),
    responses: message.responses,
    // The spec sets no time for the close after the answer: the run's timeout, as for any answer.
    awaitCloseMs: message.awaitClose ? timeoutMs : undefined,
    timeoutMs: Math.min(timeoutMs, leftMs),
    // Each response's body within --max-response-bytes, and room for its header section.
    maxBytes: message.responses * (maxResponseBytes + RAW_HEAD_BYTES),
  });
}
