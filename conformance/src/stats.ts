/** log of n! via log-gamma (Lanczos), accurate to ~1e-13 relative. */
function logGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function logBinomPmf(n: number, k: number, p: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

/**
 * Σ P(X = i) for X ~ Binomial(n, p), i from `from` one `step` at a time while 0 <= i <= n. Each term comes from the
 * last by the ratio P(X = i ± 1) / P(X = i) (in log space, so no term underflows on the way), and the sum stops once
 * the rest cannot change it: the pmf is log-concave, so past the mode the ratio only shrinks and the rest is at most
 * term · r / (1 − r).
 */
function tailSum(n: number, from: number, step: 1 | -1, p: number): number {
  const logOdds = Math.log(p) - Math.log1p(-p);
  let logTerm = logBinomPmf(n, from, p);
  let sum = 0;
  for (let i = from; i >= 0 && i <= n; i += step) {
    const term = Math.exp(logTerm);
    sum += term;
    const logRatio = step === 1 ? Math.log((n - i) / (i + 1)) + logOdds : Math.log(i / (n - i + 1)) - logOdds;
    if (logRatio < 0) {
      const r = Math.exp(logRatio);
      if ((term * r) / (1 - r) <= sum * Number.EPSILON * 1e-2) break;
    }
    logTerm += logRatio;
  }
  return sum;
}

/** P(X >= k) for X ~ Binomial(n, p), summed exactly in log space. */
export function binomialUpperTail(n: number, k: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  return Math.min(1, tailSum(n, k, 1, p));
}

/** P(X <= k) for X ~ Binomial(n, p). */
export function binomialLowerTail(n: number, k: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return Math.min(1, tailSum(n, k, -1, p));
}

/** Length of the longest common prefix of two strings. */
export function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
