/** Doctor's session line (issue 24): the minutes a session bills, against each forge's free minutes. */
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../framework/app/manifest.ts';
import { sessionChecks, sessionMinutes } from '../../framework/forge/doctor-session.ts';

const manifest = (session?: Manifest['session']): Manifest => ({ version: 1, name: 'a', store: { branch: 'data', history: 'squash', encrypt: false }, jobs: {}, ...(session ? { session } : {}) });

describe('the session line', () => {
  it('is absent when sessions are off', () => {
    expect(sessionChecks(manifest(), { forge: 'github' })).toEqual([]);
  });

  it('gives the minutes of one session and of ten a day for a month', () => {
    expect(sessionMinutes({ idleSeconds: 120, maxSeconds: 600 })).toEqual({ min: 2, max: 10 });
    expect(sessionMinutes({ idleSeconds: 30, maxSeconds: 61 })).toEqual({ min: 1, max: 2 });
    const [line] = sessionChecks(manifest({ idleSeconds: 120, maxSeconds: 600 }), { forge: 'github' });
    expect(line).toEqual({ id: 'session-minutes', status: 'ok', message: expect.stringMatching(/bill 2–10 runner minutes each: 600–3,000 minutes a month at 10 sessions a day; GitHub Free includes 2,000/) });
  });

  it('warns when the shortest sessions alone pass the free minutes', () => {
    const [gl] = sessionChecks(manifest({ idleSeconds: 120, maxSeconds: 600 }), { forge: 'gitlab' });
    expect(gl!.status).toBe('warn');
    expect(gl!.message).toMatch(/GitLab.com Free includes 400 compute minutes a month: lower idleSeconds, or run the jobs on a self-hosted runner/);
    const [pub] = sessionChecks(manifest({ idleSeconds: 600, maxSeconds: 3600 }), { forge: 'github', billed: false });
    expect(pub!.status).toBe('ok');
    expect(pub!.message).toMatch(/not billed on a public repository/);
  });
});
