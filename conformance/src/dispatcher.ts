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

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/**
 * The proxy the run's dispatcher sends requests to `url` through, or undefined when it connects directly: undici's
 * `EnvHttpProxyAgent` rules (http_proxy / HTTP_PROXY; https_proxy / HTTPS_PROXY, else the http one; no_proxy /
 * NO_PROXY entries, `*`, a host, its subdomains, an optional port), read from `env` as undici reads them.
 */
export function environmentProxyFor(url: URL, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const httpProxy = env['http_proxy'] ?? env['HTTP_PROXY'];
  const proxy = url.protocol === 'https:' ? (env['https_proxy'] ?? env['HTTPS_PROXY'] ?? httpProxy) : httpProxy;
  if (!proxy) return undefined;
  const noProxy = env['no_proxy'] ?? env['NO_PROXY'] ?? '';
  if (noProxy === '*') return undefined;
  const hostname = url.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(url.port, 10) || DEFAULT_PORTS[url.protocol] || 0;
  for (const raw of noProxy.split(/[,\s]/)) {
    if (!raw) continue;
    const parsed = /^(.+):(\d+)$/.exec(raw);
    const entryHost = (parsed ? parsed[1]! : raw).replace(/^\*?\./, '').toLowerCase();
    const entryPort = parsed ? Number.parseInt(parsed[2]!, 10) : 0;
    if (entryPort && entryPort !== port) continue;
    if (hostname === entryHost || hostname.endsWith(`.${entryHost}`)) return undefined;
  }
  return proxy;
}
