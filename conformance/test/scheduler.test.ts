import { describe, expect, it } from 'vitest';
import { Limiter } from '../src/limiter.js';
import { runScheduled, type Claim, type Job } from '../src/scheduler.js';

/** A job that records when it starts and ends, and ends when the test releases it. */
function recorded(log: string[], name: string, claims: Claim[]) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const job: Job<string> = {
    claims,
    run: async () => {
      log.push(`start ${name}`);
      await gate;
      log.push(`end ${name}`);
      return name;
    },
  };
  return { job, release };
}

const shared: Claim[] = [{ resource: 'endpoint a', exclusive: false }];
const exclusive: Claim[] = [{ resource: 'endpoint a', exclusive: true }];
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('runScheduled', () => {
  it('runs shared jobs side by side, an exclusive one alone after the jobs before it, and returns results in job order', async () => {
    const log: string[] = [];
    const [a, b, x, c] = [
      recorded(log, 'a', shared),
      recorded(log, 'b', shared),
      recorded(log, 'x', exclusive),
      recorded(log, 'c', shared),
    ];
    const done = runScheduled([a.job, b.job, x.job, c.job]);
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    b.release();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'end b']);
    a.release();
    await tick();
    expect(log.slice(3)).toEqual(['end a', 'start x']);
    x.release();
    await tick();
    expect(log.slice(5)).toEqual(['end x', 'start c']);
    c.release();
    expect(await done).toEqual(['a', 'b', 'x', 'c']);
  });

  it('lets jobs on different resources run together, even exclusive ones', async () => {
    const log: string[] = [];
    const x = recorded(log, 'x', exclusive);
    const y = recorded(log, 'y', [{ resource: 'endpoint b', exclusive: true }]);
    const done = runScheduled([x.job, y.job]);
    await tick();
    expect(log).toEqual(['start x', 'start y']);
    x.release();
    y.release();
    expect(await done).toEqual(['x', 'y']);
  });
});

describe('Limiter', () => {
  it('never runs more than its limit at once, and starts waiting tasks in the order they asked', async () => {
    const limiter = new Limiter(2);
    let now = 0;
    let max = 0;
    const started: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        limiter.run(async () => {
          started.push(i);
          now++;
          max = Math.max(max, now);
          await tick();
          now--;
        }),
      ),
    );
    expect(max).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new Limiter(0)).toThrow(RangeError);
    expect(() => new Limiter(1.5)).toThrow(RangeError);
  });
});
