import type { CommandEntry } from './types.js';

/**
 * Every subcommand, by name. Each module is imported only when its command runs: the lint command alone loads
 * Spectral's rulesets (about 0.4 s of CPU), the conformance command the kit; `--help` or `serve` need neither.
 */
export const commands: Record<string, CommandEntry> = {
  lint: {
    summary: 'lint the OpenAPI document with Redocly and Spectral (oas + OWASP)',
    load: async () => (await import('./lint.js')).lintCommand,
  },
  mock: {
    summary: 'serve the spec as a Prism mock for consumers',
    load: async () => (await import('./mock.js')).mockCommand,
  },
  proxy: {
    summary: "run Prism's validating proxy in front of a real server",
    load: async () => (await import('./proxy.js')).proxyCommand,
  },
  conformance: {
    summary: 'check an implementation (default: the in-process reference server) against the contract',
    load: async () => (await import('./conformance.js')).conformanceCommand,
  },
  serve: {
    summary: 'run the reference server (stateful, spec-faithful fake)',
    load: async () => (await import('./serve.js')).serveCommand,
  },
};
