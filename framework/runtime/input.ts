/** @module Trigger input is untrusted: cap its size, parse it, validate it with the job's schema. */
import { GfaError } from '../errors.ts';
import type { JobDefinition, StandardSchemaIssue, TriggerSpec } from '../app/types.ts';
import { MAX_INPUT_BYTES } from '../contract.ts';
import type { RawTrigger } from './trigger.ts';

function formatPath(issue: StandardSchemaIssue): string {
  const parts = (issue.path ?? []).map((p) => String(typeof p === 'object' && p !== null && 'key' in p ? p.key : p));
  return parts.length === 0 ? '(input)' : parts.join('.');
}

/** One line naming each failing path, e.g. `by: expected number; name: required`. */
export function formatIssues(issues: readonly StandardSchemaIssue[]): string {
  const shown = issues.slice(0, 5).map((i) => `${formatPath(i)}: ${i.message.split('\n')[0]}`);
  if (issues.length > 5) shown.push(`and ${issues.length - 5} more`);
  return shown.join('; ');
}

/** Parses and checks the raw input. Throws E_INPUT_TOO_LARGE or E_INPUT; returns the validated value. */
export async function parseInput(job: JobDefinition, raw: RawTrigger['input']): Promise<unknown> {
  let value: unknown;
  if (raw !== undefined) {
    const text = 'text' in raw ? raw.text : JSON.stringify(raw.value) ?? '';
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_INPUT_BYTES) {
      throw new GfaError('E_INPUT_TOO_LARGE', `input is ${bytes} bytes; the limit is ${MAX_INPUT_BYTES} bytes of JSON: send less, or store large data and pass its key`);
    }
    if ('text' in raw) {
      try {
        value = JSON.parse(raw.text);
      } catch (err) {
        throw new GfaError('E_INPUT', `input is not valid JSON (${((err as Error).message.split('\n')[0] ?? '').slice(0, 120)}); send a JSON value`);
      }
    } else value = raw.value;
  }
  const spec = job.on.find((s): s is TriggerSpec => s.kind === 'trigger');
  const schema = spec?.input;
  if (!schema) return value;
  const result = await schema['~standard'].validate(value);
  if (result.issues && value === undefined) {
    // No input at all (a run with no --input, a page that sends none) is an empty object to a schema
    // that wants one: a job whose fields are all optional runs with none given.
    const empty = await schema['~standard'].validate({});
    if (!empty.issues) return empty.value;
  }
  if (result.issues) throw new GfaError('E_INPUT', `input does not match the job's schema: ${formatIssues(result.issues)}`);
  return result.value;
}
