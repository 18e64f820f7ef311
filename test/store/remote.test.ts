import { describe, expect, it } from 'vitest';
import { knownTreeDepthLimit, normalizeRemote, speaksUploadPack } from '../../framework/store/git/remote.ts';

describe('remote kinds', () => {
  it('speaks git itself to paths, file:// and http(s), not to ssh', () => {
    expect(speaksUploadPack('/srv/data.git')).toBe(true);
    expect(speaksUploadPack('relative/data.git')).toBe(true);
    expect(speaksUploadPack('file:///srv/data.git')).toBe(true);
    expect(speaksUploadPack('https://github.com/o/r.git')).toBe(true);
    expect(speaksUploadPack('ssh://git@github.com/o/r.git')).toBe(false);
    expect(speaksUploadPack('git@github.com:o/r.git')).toBe(false);
  });

  it('makes path remotes absolute and leaves URLs alone', () => {
    expect(normalizeRemote('/a/b.git')).toBe('/a/b.git');
    expect(normalizeRemote('b.git')).toBe(`${process.cwd()}/b.git`);
    expect(normalizeRemote('https://h/x.git')).toBe('https://h/x.git');
    expect(normalizeRemote('git@h:x.git')).toBe('git@h:x.git');
  });

  it('knows github.com allows only tree:0, with or without credentials; nothing else is limited up front', () => {
    expect(knownTreeDepthLimit('https://x-access-token:abc@github.com/o/r.git')).toBe(0);
    expect(knownTreeDepthLimit('https://github.com/o/r.git')).toBe(0);
    expect(knownTreeDepthLimit('https://gitlab.com/o/r.git')).toBe(Number.POSITIVE_INFINITY);
    expect(knownTreeDepthLimit('https://github.com.example.org/o/r.git')).toBe(Number.POSITIVE_INFINITY);
    expect(knownTreeDepthLimit('/srv/data.git')).toBe(Number.POSITIVE_INFINITY);
  });
});
