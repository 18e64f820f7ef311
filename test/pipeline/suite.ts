/**
 * The shared suite every pipeline generator runs (STYLE.md §7): stable output, the generated-file
 * header, a command line per job that runs its bundle, and no interpolation syntax in any command.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { HEADER, toModel, type PipelineGenerator } from '../../framework/pipeline/index.ts';
import { fixtureManifest } from './helpers/fixture.ts';

/** How a forge's files expose their shell commands (GitHub: steps' `run`; GitLab: `script`). */
export type CommandsOf = (docs: unknown[]) => string[];

export function testGenerator(name: string, generate: PipelineGenerator, commandsOf: CommandsOf): void {
  describe(`pipeline generator: ${name}`, () => {
    const model = toModel(fixtureManifest());
    const files = generate(model);

    it('is deterministic and writes unique, relative paths', () => {
      expect(generate(toModel(fixtureManifest()))).toEqual(files);
      const paths = files.map((f) => f.path);
      expect(new Set(paths).size).toBe(paths.length);
      for (const p of paths) expect(p).toMatch(/^\.[a-z]+[\w./-]*\.yml$/);
    });

    it('starts every file with the generated-by header and parses as YAML', () => {
      for (const f of files) {
        expect(f.content.split('\n')[0]).toBe(`# ${HEADER}`);
        for (const doc of parseAllDocuments(f.content)) expect(doc.errors).toEqual([]);
      }
    });

    it('runs each job with exactly `node <bundle>` and no interpolation in any command', () => {
      const commands = files.flatMap((f) => commandsOf(parseAllDocuments(f.content).map((d) => d.toJS())));
      for (const job of model.jobs) expect(commands).toContain(`node ${job.bundle}`);
      for (const c of commands) {
        expect(c).not.toMatch(/\$\{\{|\$\[\[/);
      }
    });

    it('skips Pages when the app has none', () => {
      const withoutPages = generate({ ...model, pages: false });
      expect(withoutPages.length).toBeLessThanOrEqual(files.length);
      expect(withoutPages.map((f) => f.content).join('\n')).not.toMatch(/dist\/pages/);
    });
  });
}
