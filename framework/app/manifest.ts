/**
 * `dist/gfa.json`: what `gfa build` learns from an app definition. Pipelines, `gfa dev` and
 * `gfa deploy` read this file instead of loading the app's TypeScript.
 */

/** The manifest written to `APP_DIR/dist/gfa.json`. */
export interface Manifest {
  /** Format version of this file. */
  version: 1;
  /** App name (`[a-z0-9-]+`). */
  name: string;
  store: {
    /** @default "data" */
    branch: string;
    /** @default "squash" */
    history: 'squash' | 'keep';
    /** Values are sealed with GFA_SECRET_KEY. @default false */
    encrypt: boolean;
  };
  /** Frontend sources, relative to the app folder; built to `dist/pages`. Absent: no Pages. `media`: extra `media-src` sources. */
  pages?: { dir: string; media?: string[] };
  /** Where jobs run (absent: the forges' hosted runners): GitHub `runs-on` labels, GitLab runner `tags`. */
  runner?: { github?: string[]; gitlab?: string[] };
  /** GitHub: the environment that holds GFA_SECRET_KEY (absent: a repository secret). */
  githubEnvironment?: string;
  /** Sessions (absent: off): `defineApp({ session })` as written. */
  session?: { idleSeconds: number; maxSeconds: number };
  /** Jobs by name, sorted by name. */
  jobs: Record<string, ManifestJob>;
}

/** One job in the manifest. */
export interface ManifestJob {
  name: string;
  /** Bundle path relative to the app folder: `dist/jobs/<name>.mjs`. */
  bundle: string;
  /** Cron expressions (5 fields, UTC) as the user wrote them. */
  schedules: string[];
  /** Present when the job can be triggered by HTTP POST (workflow_dispatch / pipeline trigger). */
  trigger?: {
    /** JSON Schema of the input, when the validator can produce one. */
    inputSchema?: unknown;
  };
  /** Forge events: `issues`, `issue_comment`, ... */
  events: string[];
  /** Names of the secrets the job may read (allow-list). */
  secrets: string[];
  /** This job's own runner, instead of the app's. */
  runner?: { github?: string[]; gitlab?: string[] };
}
