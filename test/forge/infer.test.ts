/** Inferring the forge and repository: from an origin remote (CLI) and from a Pages address (browser). */
import { describe, expect, it } from 'vitest';
import { settingsFromPagesUrl } from '../../framework/client/connect.ts';
import { targetFromRemote } from '../../framework/forge/infer.ts';

describe('targetFromRemote', () => {
  it('reads GitHub remotes in their usual spellings', () => {
    for (const url of ['https://github.com/o/app.git', 'https://github.com/o/app', 'git@github.com:o/app.git', 'ssh://git@github.com/o/app.git', 'https://x-access-token:t@github.com/o/app.git']) {
      expect(targetFromRemote(url), url).toEqual({ forge: 'github', repo: 'o/app' });
    }
  });

  it('counts a GitHub Enterprise or emulator host only when named', () => {
    expect(targetFromRemote('http://127.0.0.1:4500/o/app.git')).toBeUndefined();
    expect(targetFromRemote('http://127.0.0.1:4500/o/app.git', ['127.0.0.1:4500'])).toEqual({ forge: 'github', repo: 'o/app' });
    expect(targetFromRemote('https://gitlab.com/g/sub/p.git')).toEqual({ forge: 'gitlab', repo: 'g/sub/p' });
    expect(targetFromRemote('/srv/repos/app.git')).toBeUndefined();
  });
});

describe('settingsFromPagesUrl', () => {
  it('finds owner and repo on github.io, and nothing elsewhere', () => {
    expect(settingsFromPagesUrl('https://octo.github.io/rss/')).toEqual({ forge: 'github', owner: 'octo', repo: 'rss' });
    expect(settingsFromPagesUrl('https://octo.github.io/rss/index.html?x=1')).toEqual({ forge: 'github', owner: 'octo', repo: 'rss' });
    expect(settingsFromPagesUrl('https://octo.github.io/')).toEqual({ forge: 'github', owner: 'octo', repo: 'octo.github.io' });
    expect(settingsFromPagesUrl('https://example.com/rss/')).toBeUndefined();
    expect(settingsFromPagesUrl('https://octo.github.io.evil.example/rss/')).toBeUndefined();
  });
});
