import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { auditGitlab, auditWorkflow, type Finding } from '../../framework/pipeline/index.ts';

const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';

/** A clean workflow; each test breaks one thing. */
const GOOD = `
on: { workflow_dispatch: {} }
permissions: {}
jobs:
  run:
    runs-on: ubuntu-24.04
    permissions: { contents: write }
    steps:
      - uses: actions/checkout@${SHA}
        with: { persist-credentials: false }
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
    ['cancel-in-progress', '    runs-on: ubuntu-24.04', '    concurrency: { group: g, cancel-in-progress: "${{ true }}" }\n    runs-on: ubuntu-24.04'],
  ])('%s: %s → %s', (audit, from, to) => {
    expect(GOOD).toContain(from);
    expect(audits(GOOD.replace(from, to))).toContain(audit);
  });

  it('allows a non-cancelling concurrency group', () => {
    expect(audits(GOOD.replace('permissions: {}\n', 'permissions: {}\nconcurrency: { group: g, cancel-in-progress: false }\n'))).toEqual([]);
  });

  it('GitLab: finds input interpolation in scripts and interruptible data jobs', () => {
    const ok = { j: { variables: { A: { value: '$[[ inputs.job ]]', expand: false } }, script: ['node dist/jobs/j.mjs'] } };
    expect(auditGitlab(ok)).toEqual([]);
    expect(auditGitlab({ j: { script: ['node dist/jobs/j.mjs "$[[ inputs.input ]]"'] } }).map((f) => f.audit)).toEqual(['template-injection']);
    expect(auditGitlab({ j: { before_script: 'echo $[[ inputs.job ]]', script: ['true'] } }).map((f) => f.audit)).toEqual(['template-injection']);
    expect(auditGitlab({ j: { interruptible: true, script: ['node dist/jobs/j.mjs'] } }).map((f) => f.audit)).toEqual(['cancel-in-progress']);
  });
});
