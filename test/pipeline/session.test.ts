/**
 * Sessions in the generated pipelines (issue 24): every trigger workflow names its runs after the
 * `title` input, and only an app with sessions gives its jobs `actions: write` (to list and cancel the
 * job's queued runs); schedules and events keep GitHub's default names.
 */
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { auditWorkflow, generateGithub, generateGitlab, toModel } from '../../framework/pipeline/index.ts';
import { fixtureManifest } from './helpers/fixture.ts';
import { actionlint, workflowParserErrors } from './helpers/validate.ts';

type Obj = Record<string, any>;

const workflows = (session: boolean): Record<string, Obj> => {
  const m = fixtureManifest();
  const files = generateGithub(toModel(session ? { ...m, session: { idleSeconds: 120, maxSeconds: 600 } } : m));
  return Object.fromEntries(files.map((f) => [f.path, parse(f.content) as Obj]));
};

describe('github workflows and sessions', () => {
  it('name a dispatched run after its title input', () => {
    const w = workflows(false)['.github/workflows/gfa-bump.yml']!;
    expect(w['run-name']).toBe('${{ inputs.title }}');
    expect(w.on.workflow_dispatch.inputs.title).toMatchObject({ type: 'string', required: false, default: '' });
    // A job with no trigger (events only) has no title to show.
    expect(workflows(false)['.github/workflows/gfa-issue-bot.yml']!['run-name']).toBeUndefined();
  });

  it('give actions: write only to an app with sessions, and only to trigger jobs', () => {
    expect(workflows(false)['.github/workflows/gfa-bump.yml']!.jobs.run.permissions).toEqual({ contents: 'write' });
    const on = workflows(true);
    expect(on['.github/workflows/gfa-bump.yml']!.jobs.run.permissions).toEqual({ contents: 'write', actions: 'write' });
    expect(on['.github/workflows/gfa-issue-bot.yml']!.jobs.run.permissions).toEqual({ contents: 'write' });
  });

  it('let a session job run for its whole session', () => {
    expect(workflows(false)['.github/workflows/gfa-bump.yml']!.jobs.run['timeout-minutes']).toBe(15);
    expect(workflows(true)['.github/workflows/gfa-bump.yml']!.jobs.run['timeout-minutes']).toBe(25);
    const m = fixtureManifest();
    const ci = generateGitlab(toModel({ ...m, session: { idleSeconds: 120, maxSeconds: 600 } }))[0]!.content;
    expect(parseAllDocuments(ci)[1]!.toJS()['gfa-bump'].timeout).toBe('25m');
    expect(() => toModel({ ...m, session: { idleSeconds: 120, maxSeconds: 60 } })).toThrow(/session must be/);
  });

  it('stay valid and pass the audits with sessions on', async () => {
    const m = fixtureManifest();
    for (const f of generateGithub(toModel({ ...m, session: { idleSeconds: 120, maxSeconds: 600 } }))) {
      expect(workflowParserErrors(f.path, f.content)).toEqual([]);
      expect(auditWorkflow(parse(f.content), { session: true })).toEqual([]);
      expect(await actionlint(f.path, f.content)).toEqual([]);
    }
    // The audit still refuses actions: write for an app without sessions.
    const bump = generateGithub(toModel({ ...m, session: { idleSeconds: 120, maxSeconds: 600 } })).find((f) => f.path.endsWith('gfa-bump.yml'))!;
    expect(auditWorkflow(parse(bump.content)).map((f) => f.where)).toEqual(['jobs.run.permissions.actions']);
  });
});
