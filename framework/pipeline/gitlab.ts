/**
 * GitLab CI: one `.gitlab-ci.yml` whose `spec:inputs` header (`job`, `request_id`, `input`) is the
 * whole trigger interface (GitLab.com refuses trigger *variables* on new projects).
 *
 * - `$[[ inputs.* ]]` is text substitution, so it appears only as the value of a job `variables:`
 *   entry, with `expand: false`, and each input is constrained (`options:` for `job`, `regex:` for
 *   the others: `input` is base64url of the JSON text). Rules compare the variables; scripts are
 *   the fixed line `node dist/jobs/<job>.mjs` and the runtime reads the environment.
 * - Selection by `$CI_PIPELINE_SOURCE` + `$GFA_JOB`: `schedule` (schedules are created through the
 *   API by `gfa deploy`, each passing the `job` input) → GFA_TRIGGER=schedule; `trigger` with an
 *   empty `request_id` runs a job with events (a project webhook points at the
 *   trigger URL with `inputs[job]=<job>` and no request id; the runtime reads the payload from the
 *   file `TRIGGER_PAYLOAD`; the client always sends a request id); `trigger`, `api`, `web`, `pipeline` → GFA_TRIGGER=trigger.
 *   `push` never runs a job, and `workflow: rules` keeps the data branch from running anything.
 * - GitLab has no per-job secrets: project CI/CD variables reach every job; mark them masked.
 * - Pages: the `pages` job publishes `dist/pages` with the `pages:` keyword (`pages.publish`, which
 *   GitLab also takes as the artifact path; https://docs.gitlab.com/ci/yaml/#pages). Before publishing
 *   it tells the page where it lives, so no one edits it: a `gfa-forge` meta tag naming the instance
 *   (`$CI_SERVER_URL`), the project (`$CI_PROJECT_PATH`) and the data branch, and the instance in the
 *   CSP's `connect-src` (a Pages site is another origin than the API). Both values are GitLab's own
 *   predefined variables, not input.
 */
import { HEADER, jobTimeoutMinutes, type GeneratedFile, type PipelineGenerator, type PipelineJob, type PipelineModel } from './model.ts';
import { renderYaml } from './yaml.ts';
import { GITLAB_NAME_PREFIX } from '../contract.ts';
import { image, NODE_IMAGE } from './pins.ts';
import { pageSettingsScript } from './page-settings.ts';

/** Image of every job: Node 24 LTS with git, by digest (the tag is in a comment). */
export const IMAGE = image(NODE_IMAGE);
/**
 * Every rule that runs a job starts with this: a trigger names any ref (the API's `ref`), and would
 * otherwise run that ref's pipeline and `dist/` code with the project's variables.
 */
export const DEFAULT_BRANCH_RULE = '$CI_COMMIT_REF_NAME == $CI_DEFAULT_BRANCH';

const TRIGGER_SOURCES = '/^(trigger|api|web|pipeline)$/';

const literal = (value: string) => ({ value, expand: false });

function inputVariables(): Record<string, unknown> {
  return {
    GIT_DEPTH: '1',
    GFA_JOB: literal('$[[ inputs.job ]]'),
    GFA_REQUEST_ID: literal('$[[ inputs.request_id ]]'),
    GFA_INPUT_B64: literal('$[[ inputs.input ]]'),
    GFA_BATCH_B64: literal('$[[ inputs.batch ]]'),
  };
}

function rules(job: PipelineJob): unknown[] {
  const me = `$GFA_JOB == "${job.name}"`;
  const out: unknown[] = [];
  if (job.schedules.length > 0) {
    const variables: Record<string, string> = { GFA_TRIGGER: 'schedule' };
    if (job.schedules.length === 1) variables.GFA_SCHEDULE = job.schedules[0]!;
    out.push({ if: `${DEFAULT_BRANCH_RULE} && $CI_PIPELINE_SOURCE == "schedule" && ${me}`, variables });
  }
  if (job.events.length > 0) {
    // No GFA_TRIGGER: the runtime reads the webhook body from the TRIGGER_PAYLOAD file itself.
    out.push({ if: `${DEFAULT_BRANCH_RULE} && $CI_PIPELINE_SOURCE == "trigger" && ${me} && $GFA_REQUEST_ID == ""` });
  }
  if (job.trigger) {
    out.push({ if: `${DEFAULT_BRANCH_RULE} && $CI_PIPELINE_SOURCE =~ ${TRIGGER_SOURCES} && ${me}`, variables: { GFA_TRIGGER: 'trigger' } });
  }
  return out;
}

function spec(model: PipelineModel): unknown {
  return {
    spec: {
      inputs: {
        job: { description: 'Job to run (empty: none)', type: 'string', default: '', options: ['', ...model.jobs.map((j) => j.name)] },
        request_id: { description: 'Request id chosen by the caller', type: 'string', default: '', regex: '^[A-Za-z0-9_-]{0,64}$' },
        input: { description: 'Job input: base64url of its JSON text', type: 'string', default: '', regex: '^[A-Za-z0-9_-]*={0,2}$' },
        batch: { description: 'Several requests for one run: base64url of JSON [{requestId, input}]; request_id is then the batch id', type: 'string', default: '', regex: '^[A-Za-z0-9_-]*={0,2}$' },
        // base64url only: `workflow:name` expands CI/CD variables, so no `$` may reach it.
        title: { description: 'The pipeline name after "gfa ": base64url of gfa1 <job> <chars> <id> <requests JSON>, read by a live session', type: 'string', default: '', regex: '^[A-Za-z0-9_-]{0,251}$' },
      },
    },
  };
}

function pipeline(model: PipelineModel): unknown {
  const config: Record<string, unknown> = {
    workflow: {
      // A live session reads the requests from a pending pipeline's name (framework/runtime/session-queue.ts).
      name: `${GITLAB_NAME_PREFIX}$[[ inputs.title ]]`,
      rules: [
        { if: `$CI_COMMIT_REF_NAME == "${model.dataBranch}"`, when: 'never' },
        // Merge requests run nothing of the app; a repository that includes its own CI (this one) wants them.
        ...(model.include.length > 0 ? [] : [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"', when: 'never' }]),
        { when: 'always' },
      ],
    },
    ...(model.include.length > 0 ? { include: model.include.map((local) => ({ local })) } : {}),
  };
  for (const job of model.jobs) {
    config[`gfa-${job.name}`] = {
      image: IMAGE,
      timeout: `${jobTimeoutMinutes(model, job)}m`,
      // The app's or job's `runner` tags pick the runner (a project or group runner), else the instance runners.
      ...(job.runner.gitlab ? { tags: job.runner.gitlab } : {}),
      interruptible: false,
      variables: inputVariables(),
      rules: rules(job),
      script: model.appDir ? [`cd ${model.appDir}`, `node ${job.bundle}`] : [`node ${job.bundle}`],
    };
  }
  if (model.pages) {
    const pages = `${model.appDir ? `${model.appDir}/` : ''}dist/pages`;
    config.pages = {
      stage: 'deploy',
      image: IMAGE,
      timeout: '10m',
      variables: { GIT_DEPTH: '1', GFA_JOB: literal('$[[ inputs.job ]]') },
      rules: [
        { if: `${DEFAULT_BRANCH_RULE} && $CI_PIPELINE_SOURCE == "push"` },
        { if: `${DEFAULT_BRANCH_RULE} && $CI_PIPELINE_SOURCE == "web" && $GFA_JOB == ""` },
      ],
      script: [`test -f ${pages}/index.html`, pageSettingsScript(pages, { forge: 'gitlab', url: '$CI_SERVER_URL', project: '$CI_PROJECT_PATH', branch: model.dataBranch }, '$CI_SERVER_URL')],
      pages: { publish: pages },
    };
  }
  return config;
}

/** The GitLab CI generator: `.gitlab-ci.yml` as a spec header document, `---`, the pipeline. */
export const generateGitlab: PipelineGenerator = (model: PipelineModel): GeneratedFile[] => {
  const header = renderYaml(spec(model), [HEADER, 'Start a job: trigger with inputs job, request_id and input (base64url of JSON), or batch for several requests.']);
  const body = renderYaml(pipeline(model), []);
  return [{ path: '.gitlab-ci.yml', content: `${header}---\n${body}` }];
};
