// The checks npm test runs before vitest, two at a time (they are single-threaded; CI has 2 cores): the spec's lint
// (Redocly and Spectral, through the built CLI), Prettier, ESLint, the typecheck of sources and tests, and the build
// the CLI tests run. Every output is printed; the exit status is non-zero when any of them failed.
import { spawn } from 'node:child_process';

const STEPS = [
  ['lint:code', 'eslint', ['.']],
  // The dist/ that `npm ci` built; the build step below rewrites dist/, so it waits for this one.
  ['lint:spec', 'npm', ['run', '--silent', 'lint:spec']],
  ['format:check', 'prettier', ['--check', '.']],
  ['typecheck', 'tsc', ['-p', 'tsconfig.json']],
  // The emit only: the typecheck step above checks these sources already (tsc --noCheck, TypeScript 5.5+). Incremental
  // (tsconfig.build.json keeps dist/.tsbuildinfo): after `npm ci`'s build only changed sources are emitted again.
  ['build', 'tsc', ['-p', 'tsconfig.build.json', '--noCheck'], { after: 'lint:spec' }],
];
const PARALLEL = 2;

function run([name, command, args]) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command === 'npm' ? 'npm' : `node_modules/.bin/${command}`, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (e) => resolve({ name, ok: false, output: `${output}${e.message}\n`, ms: Date.now() - started }));
    child.on('close', (code) => resolve({ name, ok: code === 0, output, ms: Date.now() - started }));
  });
}

const queue = [...STEPS];
const results = [];
/** Each started step's result, so a step can wait for the one it must come after. */
const started = new Map();
await Promise.all(
  Array.from({ length: PARALLEL }, async () => {
    for (let step = queue.shift(); step; step = queue.shift()) {
      const after = step[3]?.after;
      if (after !== undefined) await started.get(after);
      const running = run(step);
      started.set(step[0], running);
      const r = await running;
      results.push(r);
      process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${(r.ms / 1000).toFixed(1)} s)\n`);
      if (!r.ok || r.output.trim() !== '') process.stdout.write(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
    }
  }),
);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
