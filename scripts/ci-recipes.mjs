// The README's CI recipes, run as written: every `run:` line of every ```yaml block headed `# CI recipe: <name>`, in
// a project that has the packed kit installed (scripts/test-package.mjs calls this). The `uses:` steps stand for what
// that project already is (a checkout with Node and its dependencies); `actions/upload-artifact` is checked by the
// files it names existing and not being empty. A step kind or an expression this runner does not know fails the test,
// so a recipe cannot grow a line nobody runs.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const STANDS_FOR_THE_PROJECT = ['actions/checkout@', 'actions/setup-node@'];
const UPLOAD = 'actions/upload-artifact@';

/** The recipes of a README: [{ name, workflow }] in the order they appear. */
export function recipesIn(readme) {
  const blocks = [...readme.matchAll(/```yaml\n# CI recipe: ([^\n]+)\n([\s\S]*?)```/g)];
  return blocks.map(([, name, body]) => ({ name, workflow: parse(body) }));
}

/** Replaces `${{ secrets.NAME }}` with the test's value; any other expression is an error. */
function substitute(value, secrets) {
  return String(value).replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (whole, expr) => {
    const name = /^secrets\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expr)?.[1];
    if (name === undefined || secrets[name] === undefined) throw new Error(`recipe expression not supported: ${whole}`);
    return secrets[name];
  });
}

function envOf(...maps) {
  return Object.fromEntries(maps.flatMap((m) => Object.entries(m ?? {})));
}

function checkArtifacts(step, project) {
  const paths = String(step.with?.path ?? '')
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);
  if (paths.length === 0) throw new Error(`upload-artifact step names no path`);
  for (const p of paths) {
    const file = join(project, p);
    if (!existsSync(file) || statSync(file).size === 0) throw new Error(`artefact ${p} missing or empty`);
  }
  return `artefacts ${paths.join(', ')}`;
}

/**
 * Runs one recipe's jobs in `project`, with the process helpers of the caller (`run` to completion, `start` in the
 * background, `stop` a started one). Returns one line per step; throws on the first step that fails.
 */
export async function runRecipe({ name, workflow }, { project, secrets, run, start, stop }) {
  const lines = [];
  for (const [jobName, job] of Object.entries(workflow.jobs ?? {})) {
    const jobEnv = Object.fromEntries(Object.entries(job.env ?? {}).map(([k, v]) => [k, substitute(v, secrets)]));
    const background = [];
    try {
      for (const step of job.steps ?? []) {
        const label = step.name ?? step.run ?? step.uses;
        if (step.uses !== undefined) {
          if (step.uses.startsWith(UPLOAD)) lines.push(checkArtifacts(step, project));
          else if (!STANDS_FOR_THE_PROJECT.some((prefix) => step.uses.startsWith(prefix)))
            throw new Error(`${name}/${jobName}: step kind not supported: uses ${step.uses}`);
          continue;
        }
        const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(v, secrets)]));
        const env = envOf(process.env, jobEnv, stepEnv);
        const script = substitute(step.run, secrets).trim();
        if (script.endsWith('&')) {
          background.push(start('bash', ['-c', script.slice(0, -1)], { env }));
          lines.push(`started: ${label}`);
          continue;
        }
        const r = await run('bash', ['-e', '-c', script], { cwd: project, env, timeoutMs: 300_000 });
        if (r.code !== 0) throw new Error(`${name}/${jobName}: "${label}" exited ${r.code}\n${r.out}`);
        lines.push(`ran: ${label}`);
      }
    } finally {
      for (const handle of background) await stop(handle);
    }
  }
  return lines;
}
