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
import { EVENT_TYPES, type GeneratedFile, type PipelineGenerator, type PipelineJob, type PipelineModel } from './model.ts';
import { renderYaml } from './yaml.ts';
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
      },
    };
    on.repository_dispatch = { types: [job.name] };
  }
  for (const ev of job.events) on[ev] = { types: [...EVENT_TYPES[ev]!] };
  return on;
}

function jobWorkflow(job: PipelineJob): GeneratedFile {
  const env: Record<string, string> = {
    GITHUB_TOKEN: '${{ github.token }}',
    GFA_SECRET_KEY: '${{ secrets.GFA_SECRET_KEY }}',
  };
  for (const s of job.secrets) env[s] = `\${{ secrets.${s} }}`;
  const workflow = {
    name: `gfa ${job.name}`,
    on: triggers(job),
    permissions: {},
    jobs: {
      run: {
        name: job.name,
        if: DEFAULT_BRANCH_GUARD,
        'runs-on': RUNNER,
        'timeout-minutes': 15,
        permissions: { contents: 'write' },
        steps: [
          { name: 'Check out the app', uses: uses(CHECKOUT), with: { 'persist-credentials': false, 'fetch-depth': 1 } },
          { name: `Use Node ${NODE_MAJOR}`, uses: uses(SETUP_NODE), with: { 'node-version': String(NODE_MAJOR), 'package-manager-cache': false } },
          { name: `Run ${job.name}`, run: `node ${job.bundle}`, env },
        ],
      },
    },
  };
  return { path: `.github/workflows/gfa-${job.name}.yml`, content: renderYaml(workflow) };
}

function pagesWorkflow(): GeneratedFile {
  const workflow = {
    name: 'gfa pages',
    on: { push: { paths: ['dist/pages/**'] }, workflow_dispatch: {} },
    permissions: {},
    jobs: {
      upload: {
        // Only the default branch publishes, whether pushed or dispatched; other branches never do.
        if: DEFAULT_BRANCH_GUARD,
        'runs-on': RUNNER,
        'timeout-minutes': 10,
        permissions: { contents: 'read' },
        steps: [
          { name: 'Check out the app', uses: uses(CHECKOUT), with: { 'persist-credentials': false, 'fetch-depth': 1 } },
          { name: 'Upload dist/pages', uses: uses(UPLOAD_PAGES), with: { path: 'dist/pages' } },
        ],
      },
      deploy: {
        needs: 'upload',
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
  const files = model.jobs.map(jobWorkflow);
  if (model.pages) files.push(pagesWorkflow());
  return files;
};
