/**
 * `gfa-keepalive.yml`: keeps a public GitHub repository's schedules running past the 60-day rule ("In
 * a public repository, scheduled workflows are automatically disabled when no repository activity has
 * occurred in 60 days",
 * https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#schedule,
 * read 2026-12-07). What counts as activity is undocumented, and a gfa app's own pushes come from
 * GITHUB_TOKEN; so, as the keep-alive tools do today (https://github.com/liskin/gh-workflow-keepalive,
 * read 2026-12-07: no dummy commits, it "uses GitHub API to preemptively re-enable the workflow"), a
 * weekly job re-enables every scheduled gfa workflow and itself through
 * `PUT /repos/{o}/{r}/actions/workflows/{id}/enable` (https://docs.github.com/en/rest/actions/workflows#enable-a-workflow).
 *
 * Least privilege: a workflow of its own whose one job holds only `actions: write` (what the enable
 * endpoint needs), no checkout, no secrets, no app code, so the data job never holds `actions: write`.
 * A workflow its owner disabled by hand (`disabled_manually`, as `gfa migrate --finish` leaves the
 * source) is left off. Private repositories have no such rule, so the job is skipped there.
 */
import { KEEPALIVE_WORKFLOW } from '../contract.ts';
import { DEFAULT_BRANCH_CHECK, RUNNER } from './github.ts';
import type { GeneratedFile, PipelineModel } from './model.ts';
import { renderYaml } from './yaml.ts';

/** Once a week (well inside 60 days even if GitHub drops a few fires), off the busy minute 0. */
export const KEEPALIVE_CRON = '23 4 * * 0';

/** The workflow files the keep-alive re-enables: every scheduled job's, and its own. */
export function keepaliveTargets(model: PipelineModel): string[] {
  return [...model.jobs.filter((j) => j.schedules.length > 0).map((j) => `gfa-${j.name}.yml`), KEEPALIVE_WORKFLOW];
}

/** The step's script: names come from the model (checked against `[a-z0-9-]`), data only from `env:`. */
function script(files: string[]): string {
  return [
    'set -eu',
    'api="$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/actions/workflows"',
    `for file in ${files.join(' ')}; do`,
    '  state=$(curl -fsS -H "Authorization: Bearer $GITHUB_TOKEN" -H "Accept: application/vnd.github+json" "$api/$file" | grep -o \'"state": *"[a-z_]*"\' | head -n 1 | cut -d \'"\' -f 4)',
    '  if [ -z "$state" ]; then echo "::error title=gfa keepalive::cannot read the state of $file"; exit 1; fi',
    '  if [ "$state" = disabled_manually ]; then echo "$file was disabled by hand: left off"; continue; fi',
    '  curl -fsS -X PUT -H "Authorization: Bearer $GITHUB_TOKEN" -H "Accept: application/vnd.github+json" "$api/$file/enable"',
    '  echo "$file: enabled (was $state)"',
    'done',
    '',
  ].join('\n');
}

/** The keep-alive workflow, or undefined when no job has a schedule. */
export function keepaliveWorkflow(model: PipelineModel): GeneratedFile | undefined {
  if (!model.jobs.some((j) => j.schedules.length > 0)) return undefined;
  const workflow = {
    name: 'gfa keepalive',
    on: { schedule: [{ cron: KEEPALIVE_CRON }] },
    permissions: {},
    jobs: {
      keepalive: {
        name: 'keep the schedules enabled',
        // Public repositories only (the rule's scope); never in a template; only the default branch.
        if: `\${{ !github.event.repository.is_template && !github.event.repository.private && ${DEFAULT_BRANCH_CHECK} }}`,
        'runs-on': RUNNER,
        'timeout-minutes': 5,
        permissions: { actions: 'write' },
        steps: [{ name: 'Re-enable the scheduled workflows', run: script(keepaliveTargets(model)), env: { GITHUB_TOKEN: '${{ github.token }}' } }],
      },
    },
  };
  return { path: `.github/workflows/${KEEPALIVE_WORKFLOW}`, content: renderYaml(workflow) };
}
