/** @module AppDefinition → Manifest (dist/gfa.json), with a fixed key order so the file is stable. */
import type { Manifest, ManifestJob } from './manifest.ts';
import type { AppDefinition, JobDefinition, StandardSchemaV1 } from './types.ts';
import type { RunnerSetting } from './rules.ts';

type JsonSchemaCapable = {
  '~standard': { jsonSchema?: { input?: (o: { target: string }) => unknown } };
  toJSONSchema?: () => unknown;
};

/** The input's JSON Schema when the validator offers one (Standard JSON Schema, or a `toJSONSchema()` method). */
export function inputJsonSchema(schema: StandardSchemaV1): unknown {
  const s = schema as unknown as JsonSchemaCapable;
  try {
    const std = s['~standard'].jsonSchema?.input;
    if (typeof std === 'function') return std({ target: 'draft-2020-12' });
    if (typeof s.toJSONSchema === 'function') return s.toJSONSchema();
  } catch {
    // Some schemas (transforms, custom checks) have no JSON Schema: the manifest just omits it.
  }
  return undefined;
}

function jobEntry(name: string, job: JobDefinition): ManifestJob {
  const schedules: string[] = [];
  const events: string[] = [];
  let trigger: ManifestJob['trigger'];
  for (const spec of job.on) {
    if (spec.kind === 'schedule') schedules.push(spec.cron);
    else if (spec.kind === 'event') events.push(spec.name);
    else {
      const inputSchema = spec.input ? inputJsonSchema(spec.input) : undefined;
      trigger = inputSchema === undefined ? {} : { inputSchema };
    }
  }
  return {
    name,
    bundle: `dist/jobs/${name}.mjs`,
    schedules: [...new Set(schedules)],
    ...(trigger ? { trigger } : {}),
    events: [...new Set(events)].sort(),
    secrets: [...new Set(job.secrets ?? [])].sort(),
    ...(job.runner ? { runner: runnerEntry(job.runner) } : {}),
  };
}

/** A runner setting as plain arrays (the manifest is JSON). */
function runnerEntry(r: RunnerSetting): { github?: string[]; gitlab?: string[] } {
  return { ...(r.github ? { github: [...r.github] } : {}), ...(r.gitlab ? { gitlab: [...r.gitlab] } : {}) };
}

/** The manifest of `app`: defaults filled in, jobs sorted by name. */
export function toManifest(app: AppDefinition): Manifest {
  const jobs: Record<string, ManifestJob> = {};
  for (const name of Object.keys(app.jobs).sort()) jobs[name] = jobEntry(name, app.jobs[name] as JobDefinition);
  return {
    version: 1,
    name: app.name,
    store: { branch: app.store?.branch ?? 'data', history: app.store?.history ?? 'squash', encrypt: app.store?.encrypt ?? false },
    ...(app.pages ? { pages: { dir: app.pages.dir, ...(app.pages.media?.length ? { media: [...app.pages.media] } : {}) } } : {}),
    ...(app.runner ? { runner: runnerEntry(app.runner) } : {}),
    ...(app.githubEnvironment !== undefined ? { githubEnvironment: app.githubEnvironment } : {}),
    ...(app.session ? { session: { idleSeconds: app.session.idleSeconds, maxSeconds: app.session.maxSeconds } } : {}),
    jobs,
  };
}
