/** The flagship app's pipelines (STYLE.md §7): snapshots, validators and audits, from its definition. */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadApp } from '../../framework/app/load.ts';
import { toManifest } from '../../framework/app/to-manifest.ts';
import { auditGitlab, auditWorkflow, generatePipelines, lintSchedules } from '../../framework/pipeline/index.ts';
import { actionlint, gitlabSchemaErrors, workflowParserErrors } from './helpers/validate.ts';

describe('apps/rss-reader pipelines', () => {
  it('match the snapshots, validate and pass every audit', async () => {
    const manifest = toManifest(await loadApp(resolve(import.meta.dirname, '../../apps/rss-reader')));
    const files = generatePipelines(manifest);
    expect(lintSchedules(manifest)).toEqual([]);
    for (const f of files) {
      await expect(f.content).toMatchFileSnapshot(`__snapshots__/rss-reader/${f.path.replace('.github/workflows/', 'github-').replace(/^\./, '')}`);
      if (f.path === '.gitlab-ci.yml') {
        const docs = parseAllDocuments(f.content).map((d) => d.toJS());
        for (const d of docs) expect(gitlabSchemaErrors(d)).toEqual([]);
        expect(auditGitlab(docs[1])).toEqual([]);
      } else {
        expect(workflowParserErrors(f.path, f.content), f.path).toEqual([]);
        expect(await actionlint(f.path, f.content), f.path).toEqual([]);
        expect(auditWorkflow(parse(f.content)), f.path).toEqual([]);
      }
    }
  });
});
