/** A resource a job uses, and whether it needs it to itself. */
export interface Claim {
  resource: string;
  exclusive: boolean;
}

/** What the scheduler learns about a job: what it claims, and when it starts and ends. */
export interface Job<T> {
  claims: readonly Claim[];
  run(): Promise<T>;
}

/** Two claims on one resource conflict unless both are shared (a readers–writer lock per resource). */
const conflict = (a: readonly Claim[], b: readonly Claim[]) =>
  a.some((x) => b.some((y) => x.resource === y.resource && (x.exclusive || y.exclusive)));

/**
 * Runs jobs concurrently where their claims allow, and resolves to their results in the jobs' order (not the order
 * they finish). Fair and in order: a job starts only when no running job and no earlier waiting job conflicts with it,
 * so an exclusive claim waits for the jobs before it and holds back the jobs after it, and the jobs between two
 * exclusive ones run side by side. With one resource that every job claims, the exclusive jobs run alone, in order.
 */
export function runScheduled<T>(jobs: readonly Job<T>[]): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  const running = new Set<number>();
  let waiting = jobs.map((_, i) => i);
  return new Promise<T[]>((resolve, reject) => {
    let done = 0;
    const pump = () => {
      if (done === jobs.length) return resolve(results);
      const blocked: number[] = [];
      for (const i of waiting) {
        const claims = jobs[i]!.claims;
        const clash = [...running, ...blocked].some((j) => conflict(claims, jobs[j]!.claims));
        if (clash) {
          blocked.push(i);
          continue;
        }
        running.add(i);
        jobs[i]!.run().then(
          (result) => {
            results[i] = result;
            running.delete(i);
            done++;
            pump();
          },
          (e: unknown) => reject(e instanceof Error ? e : new Error(String(e))),
        );
      }
      waiting = blocked;
    };
    pump();
  });
}
