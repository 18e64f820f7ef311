/**
 * Checks pipeline inputs against the `spec:inputs` header of `.gitlab-ci.yml`, as GitLab does before
 * it creates a pipeline (https://docs.gitlab.com/ci/inputs/): an input not declared is refused, a
 * value must be of the declared `type` (string by default; a JSON `12345` is a number, `"12345"` a
 * string), one of `options` and match `regex`; an input with no `default` is required.
 * The trigger endpoint here answers such errors with 400 and creates no pipeline; whether GitLab
 * answers 400 or creates a failed pipeline is UNVERIFIED (the adapters treat any non-201 as a refusal).
 */
import { parseAllDocuments } from 'yaml';

interface InputSpec {
  type?: 'string' | 'number' | 'boolean' | 'array';
  default?: unknown;
  options?: unknown[];
  regex?: string;
}

/** The declared inputs of a `.gitlab-ci.yml` text (undefined when it has no spec header). */
export function declaredInputs(ciYaml: string): Record<string, InputSpec> | undefined {
  const docs = parseAllDocuments(ciYaml);
  if (docs.length < 2) return undefined;
  const head = docs[0]!.toJS() as { spec?: { inputs?: Record<string, InputSpec> } } | null;
  return head?.spec?.inputs ?? undefined;
}

/** The error message GitLab would give for `inputs`, or undefined when they are acceptable. */
export function checkInputs(ciYaml: string | undefined, inputs: Record<string, unknown>): string | undefined {
  const declared = ciYaml === undefined ? undefined : declaredInputs(ciYaml);
  const names = Object.keys(inputs);
  if (!declared) return names.length > 0 ? 'Given inputs not defined in the `spec` section of the included configuration file' : undefined;
  if (names.length > 20) return 'There cannot be more than 20 inputs';
  const unknown = names.filter((n) => !(n in declared));
  if (unknown.length > 0) return `unknown input arguments: ${unknown.join(', ')}`;
  for (const [name, spec] of Object.entries(declared)) {
    const value = inputs[name];
    if (value === undefined) {
      if (spec.default === undefined) return `\`${name}\` input: required value has not been provided`;
      continue;
    }
    const type = spec.type ?? 'string';
    const given = Array.isArray(value) ? 'array' : typeof value;
    if (given !== type) return `\`${name}\` input: provided value is not a ${type}`;
    if (spec.options && !spec.options.some((o) => o === value)) return `\`${name}\` input: \`${String(value)}\` cannot be used because it is not in the list of allowed options`;
    if (spec.regex !== undefined && !new RegExp(spec.regex).test(String(value))) return `\`${name}\` input: provided value does not match required RegEx pattern`;
  }
  return undefined;
}
