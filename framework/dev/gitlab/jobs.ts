/**
 * The jobs of a finished pipeline, read from gitlab-ci-local's output, for the jobs API
 * (https://docs.gitlab.com/api/jobs/): each job's name, stage (`<name>  starting shell (<stage>)`),
 * result (`PASS`/`WARN` → success, `FAIL` → failed) and its own lines as the trace. Jobs appear once
 * their pipeline has finished: gitlab-ci-local reports them only at the end (a limit of the double).
 */
import type { Job } from './state.ts';

/** The job records of one gitlab-ci-local run. */
export function jobsOf(out: string, ids: () => number, times: { started: string | null; finished: string | null }, canceled: boolean): Job[] {
  const results = new Map<string, 'PASS' | 'FAIL' | 'WARN'>();
  for (const m of out.matchAll(/^\s*(PASS|FAIL|WARN)\s+(\S+)/gm)) results.set(m[2]!, m[1] as 'PASS' | 'FAIL' | 'WARN');
  const stages = new Map<string, string>();
  for (const m of out.matchAll(/^(\S+)\s+starting \S+ \(([^)]+)\)/gm)) stages.set(m[1]!, m[2]!);
  return [...results.keys()].sort().map((name) => {
    const mine = out.split('\n').filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length).replace(/^\s+/, ''));
    return {
      id: ids(), name, stage: stages.get(name) ?? 'test',
      status: canceled ? 'canceled' : results.get(name) === 'FAIL' ? 'failed' : 'success',
      trace: `${mine.join('\n')}\n`, started_at: times.started, finished_at: times.finished,
    };
  });
}
