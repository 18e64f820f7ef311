import { describe, expect, it } from 'vitest';
import { checkKey } from '../../framework/store/key-rules.ts';

describe('keys git or the forges treat specially', () => {
  it('are refused with E_USAGE', () => {
    for (const bad of ['.git', 'a/.git/config', '.GIT/x', '.gitmodules', 'a/.gitattributes', 'x/.GitModules', '.github/workflows/x.yml', '.github', '.gitlab-ci.yml', '.GITLAB-CI.YML']) {
      expect(() => checkKey(bad), bad).toThrow(/treat .git, .gitmodules, .gitattributes, .github\/ and a root .gitlab-ci.yml specially/);
    }
  });

  it('lookalikes stay allowed', () => {
    for (const good of ['.gitignore', 'a/.github/x', 'a/.gitlab-ci.yml', 'git', '.gitx', 'x.git', 'results/abc']) expect(() => checkKey(good), good).not.toThrow();
  });
});
