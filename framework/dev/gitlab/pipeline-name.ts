/**
 * A pipeline's name in the GitLab double (a test double, not GitLab): `workflow:name` of the
 * pipeline's `.gitlab-ci.yml`, with `$[[ inputs.NAME ]]` replaced by the pipeline's inputs (or their
 * declared defaults). Docs: https://docs.gitlab.com/ci/yaml/#workflowname ("name of the pipeline",
 * may use inputs and CI/CD variables; the double expands inputs only), and the 255-character limit,
 * past which GitLab creates no pipeline (gitlab-org/gitlab#567177): the double refuses the trigger
 * then. The pipelines API shows it as `name` (doc/api/pipelines.md: "`name` in response introduced in
 * GitLab 15.11").
 */
import { parseAllDocuments } from 'yaml';
import { declaredInputs } from './spec-inputs.ts';

/** The longest pipeline name GitLab accepts. */
export const PIPELINE_NAME_MAX = 255;

/** The name of a pipeline of `ciYaml` with `inputs`; null when the file names none. */
export function pipelineName(ciYaml: string | undefined, inputs: Record<string, unknown>): string | null {
  if (ciYaml === undefined) return null;
  const docs = parseAllDocuments(ciYaml);
  const body = docs[docs.length - 1]?.toJS() as { workflow?: { name?: unknown } } | null;
  const template = body?.workflow?.name;
  if (typeof template !== 'string') return null;
  const declared = declaredInputs(ciYaml) ?? {};
  return template.replace(/\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*\]\]/g, (_m, name: string) => {
    // Typed inputs keep their JSON types (https://docs.gitlab.com/ci/inputs/); a name shows them as text.
    const v = inputs[name] ?? declared[name]?.default ?? '';
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
}
