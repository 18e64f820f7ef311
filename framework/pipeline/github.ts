/**
 * GitHub Actions: one workflow per job (`.github/workflows/gfa-<job>.yml`) and `gfa-pages.yml`.
 *
 * Hardening, each against a zizmor audit: `permissions: {}` at the top and `contents: write` on the
 * job only (excessive-permissions); actions pinned by SHA (unpinned-uses); checkout without stored
 * credentials (artipacked); only allow-listed secrets, one by one, in `env:` (overprovisioned-secrets);
 * no expression inside `run:` — the runtime reads the event from `GITHUB_EVENT_PATH`
 * (template-injection); no `pull_request_target` / `workflow_run` (dangerous-triggers); no
 * concurrency group, since the store retries and a group would drop queued triggers.
 *
 * Every job runs only on the default branch ({@link DEFAULT_BRANCH_GUARD}): a dispatch names any
 * branch or tag, and would otherwise run that ref's workflow and `dist/` code with the secrets.
 *
 * Event jobs get no `issues: write`: a handler only reads the event and writes the data branch.
 * The job step runs on a known Node ({@link NODE_MAJOR}, by the pinned actions/setup-node, without
 * its package cache: nothing is installed, and a cache is a way to poison later runs).
 */
import { EVENT_TYPES, jobTimeoutMinutes, type GeneratedFile, type PipelineGenerator, type PipelineJob, type PipelineModel } from './model.ts';
import { renderYaml } from './yaml.ts';
import { keepaliveWorkflow } from './keepalive.ts';
import { pageSettingsScript } from './page-settings.ts';
import { CHECKOUT, DEPLOY_PAGES, NODE_MAJOR, SETUP_NODE, UPLOAD_PAGES, uses } from './pins.ts';

/** Runner image for every job. */
export const RUNNER = 'ubuntu-24.04';
/**
 * The default-branch check, as GitHub documents it for `github.ref`: `refs/heads/<branch>` for
 * dispatch, schedule and issue events. Schedule payloads carry `repository` since 2022
 * (https://github.blog/changelog/2022-09-27-github-actions-additional-information-available-in-github-event-payload-for-scheduled-workflow-runs/).
 */
export const DEFAULT_BRANCH_CHECK = "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)";
/** `if:` on every job: only the default branch runs, and a template repository runs nothing. */
export const DEFAULT_BRANCH_GUARD = `\${{ !github.event.repository.is_template && ${DEFAULT_BRANCH_CHECK} }}`;

function triggers(job: PipelineJob): Record<string, unknown> {
  const on: Record<string, unknown> = {};
  if (job.schedules.length > 0) on.schedule = job.schedules.map((cron) => ({ cron }));
  if (job.trigger) {
    const input = (description: string) => ({ description, type: 'string', required: false, default: '' });
    on.workflow_dispatch = {
      inputs: {
        request_id: input('Request id chosen by the caller ([A-Za-z0-9_-]{1,64})'),
        input: input('Job input as JSON text'),
        // Read from the event file by the runtime, never interpolated into a step (framework/forge/batch.ts).
        batch: input('Several requests served by one run: JSON [{requestId, input}]; request_id is then the batch id'),
        // The run's name (run-name below): a live session reads the requests from the queued run's display_title.
        title: input('The run title: gfa1 <job> <chars> <id> <requests JSON>, read by a live session'),
      },
    };
    on.repository_dispatch = { types: [job.name] };
  }
  for (const ev of job.events) on[ev] = { types: [...EVENT_TYPES[ev]!] };
  return on;
}

/** Only when the set-up step found GFA_SECRET_KEY: before `gfa deploy`, a run is a notice, not a failure. */
const READY = "steps.setup.outputs.ready == 'true'";

/**
 * The first step of an encrypted app's jobs: without GFA_SECRET_KEY (a fork, or a repository made from a
 * template, before `gfa deploy`), it leaves a notice and the other steps are skipped, so a schedule makes
 * no red run every 15 minutes. The secret only reaches this step's environment, never its script text.
 */
function setupStep(): Record<string, unknown> {
  return {
    name: 'Check that gfa deploy has run',
    id: 'setup',
    run: [
      'if [ -z "$GFA_SECRET_KEY" ]; then',
      '  echo "::notice title=gfa::GFA_SECRET_KEY is not set, so this repository is not set up yet: run gfa deploy (see the README). Skipping."',
      '  echo "ready=false" >> "$GITHUB_OUTPUT"',
      'else',
      '  echo "ready=true" >> "$GITHUB_OUTPUT"',
      'fi',
      '',
    ].join('\n'),
    env: { GFA_SECRET_KEY: '${{ secrets.GFA_SECRET_KEY }}' },
  };
}

/** `steps` behind the set-up check when the app is encrypted. */
function gated(model: PipelineModel, steps: Record<string, unknown>[]): Record<string, unknown>[] {
  return model.encrypted ? [setupStep(), ...steps.map((s) => Object.assign({ name: s.name, if: READY }, s))] : steps;
}

function jobWorkflow(model: PipelineModel, job: PipelineJob): GeneratedFile {
  const env: Record<string, string> = {
    GITHUB_TOKEN: '${{ github.token }}',
    GFA_SECRET_KEY: '${{ secrets.GFA_SECRET_KEY }}',
  };
  for (const s of job.secrets) env[s] = `\${{ secrets.${s} }}`;
  const session = model.session !== undefined && job.trigger;
  const workflow = {
    name: `gfa ${job.name}`,
    // An expression, not a step: the title is data GitHub shows, never shell text. Empty (schedules, events): GitHub's default name.
    ...(job.trigger ? { 'run-name': '${{ inputs.title }}' } : {}),
    on: triggers(job),
    permissions: {},
    jobs: {
      run: {
        name: job.name,
        if: DEFAULT_BRANCH_GUARD,
        // The app's or job's `runner` labels (a self-hosted runner), else GitHub's hosted image.
        'runs-on': job.runner.github ? (job.runner.github.length === 1 ? job.runner.github[0] : job.runner.github) : RUNNER,
        'timeout-minutes': jobTimeoutMinutes(model, job),
        // The environment that holds GFA_SECRET_KEY, whose branch policy admits only the default branch;
        // `deployment: false` gives the job its secrets without a deployment record on every run
        // (https://docs.github.com/actions/how-tos/write-workflows/choose-what-workflows-do/deploy-to-environment).
        ...(model.githubEnvironment ? { environment: { name: model.githubEnvironment, deployment: false } } : {}),
        // A session lists the job's queued runs and cancels those it serves (framework/runtime/session-queue.ts).
        permissions: session ? { contents: 'write', actions: 'write' } : { contents: 'write' },
        ...(model.appDir ? { defaults: { run: { 'working-directory': model.appDir } } } : {}),
        steps: gated(model, [
          { name: 'Check out the app', uses: uses(CHECKOUT), with: { 'persist-credentials': false, 'fetch-depth': 1 } },
          { name: `Use Node ${NODE_MAJOR}`, uses: uses(SETUP_NODE), with: { 'node-version': String(NODE_MAJOR), 'package-manager-cache': false } },
          { name: `Run ${job.name}`, run: `node ${job.bundle}`, env },
        ]),
      },
    },
  };
  return { path: `.github/workflows/gfa-${job.name}.yml`, content: renderYaml(workflow) };
}

function pagesWorkflow(model: PipelineModel): GeneratedFile {
  const pages = `${model.appDir ? `${model.appDir}/` : ''}dist/pages`;
  const settings = {
    forge: 'github',
    owner: '${GITHUB_REPOSITORY%%/*}',
    repo: '${GITHUB_REPOSITORY#*/}',
    branch: model.dataBranch,
    api: '$GITHUB_API_URL',
  };
  const workflow = {
    name: 'gfa pages',
    on: { push: { paths: [`${pages}/**`] }, workflow_dispatch: {} },
    permissions: {},
    jobs: {
      upload: {
        // Only the default branch publishes, whether pushed or dispatched; other branches never do.
        if: DEFAULT_BRANCH_GUARD,
        'runs-on': RUNNER,
        'timeout-minutes': 10,
        permissions: { contents: 'read' },
        ...(model.encrypted ? { outputs: { ready: '${{ steps.setup.outputs.ready }}' } } : {}),
        steps: gated(model, [
          { name: 'Check out the app', uses: uses(CHECKOUT), with: { 'persist-credentials': false, 'fetch-depth': 1 } },
          { name: 'Tell the page where it lives', run: pageSettingsScript(pages, settings, '$GITHUB_API_URL') },
          { name: `Upload ${pages}`, uses: uses(UPLOAD_PAGES), with: { path: pages } },
        ]),
      },
      deploy: {
        needs: 'upload',
        ...(model.encrypted ? { if: "needs.upload.outputs.ready == 'true'" } : {}),
        'runs-on': RUNNER,
        'timeout-minutes': 10,
        permissions: { pages: 'write', 'id-token': 'write' },
        environment: { name: 'github-pages', url: '${{ steps.deployment.outputs.page_url }}' },
        steps: [{ name: 'Deploy to GitHub Pages', id: 'deployment', uses: uses(DEPLOY_PAGES) }],
      },
    },
  };
  return { path: '.github/workflows/gfa-pages.yml', content: renderYaml(workflow) };
}

/** The GitHub Actions generator. */
export const generateGithub: PipelineGenerator = (model: PipelineModel): GeneratedFile[] => {
  const files = model.jobs.map((job) => jobWorkflow(model, job));
  if (model.pages) files.push(pagesWorkflow(model));
  const keepalive = keepaliveWorkflow(model);
  if (keepalive) files.push(keepalive);
  return files;
};
