/** Policies in the git-apps syntax: parsing, one-line errors, and what they allow. */
import { describe, expect, it } from 'vitest';
import { allows, parsePolicies, parsePolicy } from '../../framework/policy/index.ts';
import { defineApp, defineJob, trigger } from '../../framework/index.ts';

const policies = parsePolicies(['anyone create-file,modify,delete-file ^users/$user_id/.*$', 'anyone read ^(users/$user_id/.*|public/.*)$', 'owner all .*']);

describe('parsePolicy', () => {
  it('reads WHO OPERATIONS PATTERN and expands all', () => {
    const p = parsePolicy('42 all ^shared/.*$');
    expect(p.who).toBe('42');
    expect([...p.operations]).toEqual(['read', 'create-file', 'modify', 'delete-file']);
  });

  it.each([
    ['anyone create-file', 'needs three fields'],
    ['someone read .*', 'WHO is "someone"'],
    ['anyone write .*', 'unknown operation "write"'],
    ['anyone read ^users/(', 'not a valid regular expression'],
    ['anyone read ' + 'a'.repeat(600), 'longer than 500'],
  ])('refuses %j with one clear line', (line, why) => {
    let message = '';
    try { parsePolicy(line); } catch (err) { message = (err as Error).message; expect((err as { code: string }).code).toBe('E_CONFIG'); }
    expect(message).toContain(why);
    expect(message).not.toContain('\n');
  });

  it('defineApp checks its policies when the config loads', () => {
    const job = defineJob({ on: [trigger()], run: () => null });
    expect(() => defineApp({ name: 'p', jobs: { j: job }, policies: ['anyone fly .*'] })).toThrow(/unknown operation "fly"/);
  });
});

describe('allows', () => {
  it('expands $user_id to the user only, anchored to the whole key', () => {
    expect(allows(policies, '7', 'create-file', 'users/7/note')).toBe(true);
    expect(allows(policies, '7', 'create-file', 'users/77/note')).toBe(false);
    expect(allows(policies, '7', 'modify', 'users/8/note')).toBe(false);
    expect(allows(policies, '7', 'create-file', 'xusers/7/note')).toBe(false);
    expect(allows(policies, '7', 'read', 'public/list')).toBe(true);
    expect(allows(policies, '7', 'modify', 'public/list')).toBe(false);
  });

  it('regex characters in an id do not widen the pattern', () => {
    expect(allows(parsePolicies(['anyone all ^u/$user_id$']), '1.', 'read', 'u/1x')).toBe(false);
  });

  it('the owner may do everything; no policy opens results/ or members/ to a user', () => {
    expect(allows([], undefined, 'delete-file', 'anything')).toBe(true);
    const open = parsePolicies(['anyone all .*']);
    expect(allows(open, '7', 'modify', 'members/8.json')).toBe(false);
    expect(allows(open, '7', 'create-file', 'results/x')).toBe(false);
    expect(allows(open, '7', 'modify', 'notes/x')).toBe(true);
  });

  it('no policy lets a user rewrite a bound key or the sign-key index, their own included (issue 26)', () => {
    const own = parsePolicies(['anyone all ^users/$user_id/.*$', 'anyone all ^users/by-sign-key/.*$']);
    expect(allows(own, '7', 'modify', 'users/7/keys.json')).toBe(false);
    expect(allows(own, '7', 'delete-file', 'users/7/keys.json')).toBe(false);
    expect(allows(own, '7', 'create-file', 'users/by-sign-key/ab')).toBe(false);
    expect(allows(own, '7', 'read', 'users/7/keys.json')).toBe(true);
    expect(allows(own, '7', 'modify', 'users/7/keys.json.bak')).toBe(true);
  });
});
