/** One table of events and one set of name rules: what defineApp accepts builds for both forges; the rest is refused at definition. */
import { describe, expect, it } from 'vitest';
import { defineApp, defineJob, event } from '../../framework/app/define.ts';
import { EVENT_NAMES, eventFromGitlabKind, EVENTS, RESERVED_SECRET_PREFIXES } from '../../framework/app/rules.ts';
import { toManifest } from '../../framework/app/to-manifest.ts';
import { generateGithub } from '../../framework/pipeline/github.ts';
import { generateGitlab } from '../../framework/pipeline/gitlab.ts';
import { toModel } from '../../framework/pipeline/model.ts';
import { isGfaError } from '../../framework/errors.ts';

const appWith = (on: Parameters<typeof defineJob>[0]['on'], secrets: string[] = []) =>
  defineApp({ name: 'rules', jobs: { job: defineJob({ on, secrets, run: () => 1 }) } });

describe('app rules', () => {
  it.each(EVENT_NAMES)('event %s is accepted and builds for GitHub and GitLab', (name) => {
    const model = toModel(toManifest(appWith([event(name)])));
    expect(generateGithub(model).length).toBeGreaterThan(0);
    expect(generateGitlab(model).length).toBeGreaterThan(0);
  });

  it('refuses an event outside the table at definition', () => {
    for (const name of ['push', 'gollum', 'pull_request_target', 'workflow_run']) {
      const err = (() => { try { event(name as never); } catch (e) { return e; } })();
      expect(isGfaError(err, 'E_CONFIG'), name).toBe(true);
    }
  });

  it.each(RESERVED_SECRET_PREFIXES.map((p) => `${p}TOKEN`))('refuses the secret %s at definition, as the pipelines would', (secret) => {
    const err = (() => { try { appWith([event('issues')], [secret]); } catch (e) { return e; } })();
    expect(isGfaError(err, 'E_CONFIG')).toBe(true);
  });

  it('maps GitLab webhook kinds only to declared events', () => {
    expect(eventFromGitlabKind('issue')).toBe('issues');
    expect(eventFromGitlabKind('note')).toBe('issue_comment');
    expect(eventFromGitlabKind('wiki_page')).toBeUndefined();
    for (const name of EVENT_NAMES) {
      const kind = EVENTS[name].gitlab;
      if (kind !== undefined) expect(eventFromGitlabKind(kind)).toBe(name);
    }
  });
});
