import { rootCertificates } from 'node:tls';
import { Agent, EnvHttpProxyAgent, Pool, type Dispatcher } from 'undici';

/** What every request of a run goes through, and whether a proxy carried any of them. */
export interface RunDispatcher {
  dispatcher: Dispatcher;
  /** A connection to a proxy (from HTTP_PROXY / HTTPS_PROXY, NO_PROXY applied by undici) was made. */
  proxyUsed(): boolean;
}

export interface DispatcherOptions {
  timeoutMs: number;
  connections: number;
  /** PEM certificates trusted in addition to Node's bundled CAs (`--ca`). */
  ca: string | undefined;
  /** Take HTTP_PROXY / HTTPS_PROXY / NO_PROXY from the environment (false for a target the run started itself). */
  environmentProxy: boolean;
}

/**
 * The run's dispatcher: undici's `EnvHttpProxyAgent` (a plain `Agent` for NO_PROXY hosts and when no proxy variable is
 * set), or a plain `Agent`. `--ca` is added to Node's root certificates (a `ca` option alone would replace them), for
 * the target, through a proxy's tunnel too, and for an https proxy. No redirect interceptor is installed: a 3xx is the
 * answer.
 */
export function runDispatcher(options: DispatcherOptions): RunDispatcher {
  const { timeoutMs, connections, ca, environmentProxy } = options;
  const tls = ca === undefined ? {} : { ca: [...rootCertificates, ca] };
  const common = {
    connections,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connectTimeout: timeoutMs,
    keepAliveTimeout: 10_000,
    connect: tls,
  };
  if (!environmentProxy) return { dispatcher: new Agent(common), proxyUsed: () => false };
  let used = false;
  const dispatcher = new EnvHttpProxyAgent({
    ...common,
    requestTls: { ...tls, timeout: timeoutMs },
    proxyTls: { ...tls, timeout: timeoutMs },
    // The client to the proxy itself: its connections are how the run knows the proxy was used.
    clientFactory: (origin, opts) => {
      const pool = new Pool(origin, opts);
      pool.on('connect', () => (used = true));
      return pool;
    },
  });
  return { dispatcher, proxyUsed: () => used };
}
