import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { auditGitlab, auditWorkflow, type Finding } from '../../framework/pipeline/index.ts';
import { CHECKOUT, NODE_IMAGE, SETUP_NODE } from '../../framework/pipeline/pins.ts';

const SHA = CHECKOUT.sha;
/** actions/checkout v4.2.2: a Node 20 action, as the pipelines pinned it before issue 14. */
const OLD_CHECKOUT = '11bd71901bbe5b1630ceea73d27597364c9af683';
const GUARD = "${{ github.ref == format('refs/heads/{0}', github.event.repository.default_branch) }}";

/** A clean workflow; each test breaks one thing. */
const GOOD = `
on: { workflow_dispatch: {} }
permissions: {}
jobs:
  run:
    if: "${GUARD}"
    runs-on: ubuntu-24.04
    permissions: { contents: write }
    steps:
      - uses: actions/checkout@${SHA}
        with: { persist-credentials: false }
      - uses: actions/setup-node@${SETUP_NODE.sha}
        with: { node-version: '24', package-manager-cache: false }
      - run: node dist/jobs/x.mjs
        env: { INPUT: "\${{ github.event.inputs.input }}", T: "\${{ secrets.T }}" }
`;

const audits = (yaml: string): Finding['audit'][] => auditWorkflow(parse(yaml)).map((f) => f.audit);

describe('security audits catch each bad pattern', () => {
  it('finds nothing in the clean workflow', () => {
    expect(auditWorkflow(parse(GOOD))).toEqual([]);
  });

  it.each<[Finding['audit'], string, string]>([
    ['template-injection', 'run: node dist/jobs/x.mjs', 'run: node dist/jobs/x.mjs "${{ github.event.inputs.input }}"'],
    ['template-injection', 'run: node dist/jobs/x.mjs', 'run: echo ${{ github.event.client_payload.input }}'],
    ['excessive-permissions', 'permissions: {}', 'permissions: write-all'],
    ['excessive-permissions', 'permissions: {}\n', '\n'],
    ['excessive-permissions', 'permissions: { contents: write }', 'permissions: write-all'],
    ['excessive-permissions', 'permissions: { contents: write }', 'permissions: { contents: write, issues: write }'],
    ['excessive-permissions', 'permissions: { contents: write }', 'permissions: { contents: write, id-token: write }'],
    ['unpinned-uses', `actions/checkout@${SHA}`, 'actions/checkout@v4'],
    ['unpinned-uses', `actions/checkout@${SHA}`, `actions/checkout@${SHA.slice(0, 12)}`],
    ['artipacked', 'with: { persist-credentials: false }', 'with: { fetch-depth: 1 }'],
    ['artipacked', 'with: { persist-credentials: false }', 'with: { persist-credentials: true }'],
    ['overprovisioned-secrets', 'T: "${{ secrets.T }}"', 'T: "${{ toJSON(secrets) }}"'],
    ['overprovisioned-secrets', 'T: "${{ secrets.T }}"', 'T: "${{ secrets[github.event.inputs.name] }}"'],
    ['dangerous-triggers', 'on: { workflow_dispatch: {} }', 'on: { pull_request_target: {} }'],
    ['dangerous-triggers', 'on: { workflow_dispatch: {} }', 'on: [workflow_run, push]'],
    ['cancel-in-progress', 'permissions: {}\n', 'permissions: {}\nconcurrency: { group: g, cancel-in-progress: true }\n'],
    ['default-branch', `    if: "${GUARD}"\n`, ''],
    ['default-branch', `    if: "${GUARD}"`, `    if: "\${{ github.event_name == 'workflow_dispatch' || github.ref == format('refs/heads/{0}', github.event.repository.default_branch) }}"`],
    ['default-branch', `    if: "${GUARD}"`, `    if: "\${{ !github.event.repository.is_template }}"`],
    ['default-branch', `    if: "${GUARD}"`, `    if: "\${{ github.ref_name == 'main' && github.ref != format('refs/heads/{0}', github.event.repository.default_branch) }}"`],
    ['stale-pin', `actions/checkout@${SHA}`, `actions/checkout@${OLD_CHECKOUT}`],
    ['unknown-node', "node-version: '24'", "node-version: '20'"],
    ['unknown-node', `      - uses: actions/setup-node@${SETUP_NODE.sha}\n        with: { node-version: '24', package-manager-cache: false }\n`, ''],
    ['cancel-in-progress', '    runs-on: ubuntu-24.04', '    concurrency: { group: g, cancel-in-progress: "${{ true }}" }\n    runs-on: ubuntu-24.04'],
  ])('%s: %s → %s', (audit, from, to) => {
    expect(GOOD).toContain(from);
    expect(audits(GOOD.replace(from, to))).toContain(audit);
  });

  it('allows a non-cancelling concurrency group', () => {
    expect(audits(GOOD.replace('permissions: {}\n', 'permissions: {}\nconcurrency: { group: g, cancel-in-progress: false }\n'))).toEqual([]);
  });

  it('accepts the default-branch check among other && terms and in parentheses, and a job that needs a guarded one', () => {
    const other = GOOD.replace(`    if: "${GUARD}"`, `    if: "\${{ !github.event.repository.is_template && (github.ref == format('refs/heads/{0}', github.event.repository.default_branch)) }}"`);
    expect(auditWorkflow(parse(other))).toEqual([]);
    const wf = parse(GOOD) as { jobs: Record<string, unknown> };
    wf.jobs.after = { needs: 'run', 'runs-on': 'ubuntu-24.04', steps: [] };
    expect(auditWorkflow(wf)).toEqual([]);
  });

  it('GitLab: every rule of a job must require the default branch, and the image must be the pinned digest', () => {
    const image = `node@${NODE_IMAGE.digest}`;
    const rule = (cond: string) => ({ j: { image, rules: [{ if: cond }], script: ['node dist/jobs/j.mjs'] } });
    const found = (cfg: unknown) => auditGitlab(cfg).map((f) => f.audit);
    expect(found(rule('$CI_COMMIT_REF_NAME == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "schedule"'))).toEqual([]);
    expect(found(rule('$CI_PIPELINE_SOURCE == "schedule"'))).toEqual(['default-branch']);
    expect(found(rule('$CI_PIPELINE_SOURCE == "web" || $CI_COMMIT_REF_NAME == $CI_DEFAULT_BRANCH'))).toEqual(['default-branch']);
    expect(found({ j: { image, script: ['node dist/jobs/j.mjs'] } })).toEqual(['default-branch']);
    const ok = rule('$CI_COMMIT_REF_NAME == $CI_DEFAULT_BRANCH');
    expect(found({ j: { ...ok.j, image: 'node:20' } })).toEqual(['unpinned-image']);
    expect(found({ j: { ...ok.j, image: { name: 'node:24' } } })).toEqual(['unpinned-image']);
    expect(found({ j: { ...ok.j, image: `node@sha256:${'0'.repeat(64)}` } })).toEqual(['stale-pin']);
  });

  it('GitLab: finds input interpolation in scripts and interruptible data jobs', () => {
    const base = { image: `node@${NODE_IMAGE.digest}`, rules: [{ if: '$CI_COMMIT_REF_NAME == $CI_DEFAULT_BRANCH' }] };
    const ok = { j: { ...base, variables: { A: { value: '$[[ inputs.job ]]', expand: false } }, script: ['node dist/jobs/j.mjs'] } };
    expect(auditGitlab(ok)).toEqual([]);
    expect(auditGitlab({ j: { ...base, script: ['node dist/jobs/j.mjs "$[[ inputs.input ]]"'] } }).map((f) => f.audit)).toEqual(['template-injection']);
    expect(auditGitlab({ j: { before_script: 'echo $[[ inputs.job ]]', script: ['true'] } }).map((f) => f.audit)).toEqual(['template-injection']);
    expect(auditGitlab({ j: { ...base, interruptible: true, script: ['node dist/jobs/j.mjs'] } }).map((f) => f.audit)).toEqual(['cancel-in-progress']);
  });
});
