import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineApp, defineJob, event, schedule, trigger } from '../../framework/index.ts';
import { toManifest } from '../../framework/app/to-manifest.ts';
import { isGfaError } from '../../framework/errors.ts';

const noop = defineJob({ on: [trigger()], run: () => null });

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(isGfaError(err, 'E_CONFIG'), String(err)).toBe(true);
    return (err as Error).message;
  }
  throw new Error('expected an E_CONFIG error');
}

describe('define helpers', () => {
  it('return their input', () => {
    const job = defineJob({ on: [schedule('0 3 * * 1'), trigger(), event('issue_comment')], secrets: ['FEED_TOKEN'], run: () => 1 });
    const app = { name: 'my-app', jobs: { a: job } };
    expect(defineApp(app)).toBe(app);
    expect(schedule(' */5  * * * * ')).toEqual({ kind: 'schedule', cron: '*/5 * * * *' });
  });

  it('say what is wrong with a cron expression', () => {
    expect(configError(() => schedule('* * * *'))).toMatch(/5 fields .* got 4/);
    expect(configError(() => schedule('0 0 * * * *'))).toMatch(/got 6/);
    expect(configError(() => schedule('61 * * * *'))).toMatch(/bad cron expression/);
  });

  it('reject unknown events, bad names, bad secrets, missing run, bad store options', () => {
    expect(configError(() => event('issue' as 'issues'))).toMatch(/unknown event; supported: .*issues/);
    expect(configError(() => defineApp({ name: 'My App', jobs: { a: noop } }))).toMatch(/app name "My App" must match \[a-z0-9-\]\+/);
    expect(configError(() => defineApp({ name: 'x', jobs: { Fetch_Feeds: noop } }))).toMatch(/job name "Fetch_Feeds"/);
    expect(configError(() => defineApp({ name: 'x', jobs: {} }))).toMatch(/has no jobs/);
    expect(configError(() => defineApp({ name: 'x', store: { history: 'all' as 'keep' }, jobs: { a: noop } }))).toMatch(/squash' or 'keep/);
    expect(configError(() => defineJob({ on: [trigger()], secrets: ['feedToken'], run: () => 1 }))).toMatch(/UPPER_SNAKE/);
    expect(configError(() => defineJob({ on: [trigger()], secrets: ['GFA_SECRET_KEY'], run: () => 1 }))).toMatch(/not start with GFA_/);
    expect(configError(() => defineJob({ on: [trigger()] } as never))).toMatch(/missing run/);
    expect(configError(() => defineJob({ on: [], run: () => 1 }))).toMatch(/needs on/);
    expect(configError(() => trigger({ input: {} as never }))).toMatch(/Standard Schema/);
  });

  it('type the input from the schema', () => {
    const job = defineJob({
      on: [trigger({ input: z.object({ url: z.string() }) })],
      run: (ctx) => ctx.input.url.length,
    });
    expect(typeof job.run).toBe('function');
  });

  it('the manifest holds defaults, sorted jobs and the input JSON Schema', () => {
    const app = defineApp({
      name: 'm',
      jobs: {
        zed: defineJob({ on: [event('issues'), schedule('0 * * * *')], secrets: ['B', 'A'], run: () => 1 }),
        alpha: defineJob({ on: [trigger({ input: z.object({ n: z.number() }) })], run: () => 1 }),
      },
    });
    const m = toManifest(app);
    expect(Object.keys(m.jobs)).toEqual(['alpha', 'zed']);
    expect(m.store).toEqual({ branch: 'data', history: 'squash', encrypt: false });
    expect(m.jobs.zed).toEqual({ name: 'zed', bundle: 'dist/jobs/zed.mjs', schedules: ['0 * * * *'], events: ['issues'], secrets: ['A', 'B'] });
    expect(m.jobs.alpha?.trigger?.inputSchema).toMatchObject({ type: 'object', required: ['n'] });
  });
});
