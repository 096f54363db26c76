import { rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/** A validator that stops at the first problem: a 400 lists one offending input. */
export const variant: Variant = {
  id: 'validation-errors-first-only',
  description: 'a 400 lists only the first offending input in `errors` (the validator stops at the first problem)',
  allowedBy:
    'info.description, Inputs the rules above leave open: "`errors` in a `400` lists at least one offending input, and only offending inputs; an implementation that stops at the first problem conforms"',
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      if (res.status !== 400 || !res.headers['content-type']?.startsWith('application/problem+json')) return res;
      const problem = JSON.parse(res.body) as { errors?: unknown[] };
      if (!Array.isArray(problem.errors) || problem.errors.length < 2) return res;
      return { ...res, body: JSON.stringify({ ...problem, errors: problem.errors.slice(0, 1) }) };
    }),
  }),
};
