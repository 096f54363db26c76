import { HttpClient, type HttpClientOptions } from './http-client.js';
import { type Exchange, type RawExchange, type RequestSpec } from './exchange.js';
import type { Limiter } from './limiter.js';

/**
 * The run's HTTP client with the run's bound on requests in flight (`--concurrency`): every exchange waits for a slot,
 * in the order it was asked for. The checks in `unbounded` are not held to it: their rule is to send several
 * requests at the same moment (the concurrency check's simultaneous creates), which a bound of 1 would serialise.
 */
export class LimitedHttpClient extends HttpClient {
  constructor(
    options: HttpClientOptions,
    private readonly limiter: Limiter,
    private readonly unbounded: ReadonlySet<string>,
  ) {
    super(options);
  }

  override request(spec: RequestSpec, checkId: string): Promise<Exchange> {
    if (this.unbounded.has(checkId)) return super.request(spec, checkId);
    return this.limiter.run(() => super.request(spec, checkId));
  }

  override raw(spec: Parameters<HttpClient['raw']>[0], checkId: string): Promise<RawExchange> {
    if (this.unbounded.has(checkId)) return super.raw(spec, checkId);
    return this.limiter.run(() => super.raw(spec, checkId));
  }
}
