/**
 * The `inputs` of a dispatch of `gfa-<job>.yml`, for the browser adapter and the CLI alike:
 * `request_id`, `input` (JSON text), `batch` for several requests (framework/forge/batch.ts), and
 * `title`, which the workflow's `run-name:` shows and a live session reads from the list of queued
 * runs (framework/runtime/session-queue.ts); '' when the request is too large to travel in a title.
 */
import { SESSION_TITLE_MAX, sessionTitle } from '../../contract.ts';
import { wireForm } from '../batch.ts';
import type { TriggerBatch } from '../types.ts';

/** The dispatch's inputs for `batch`. */
export function dispatchInputs(batch: TriggerBatch): Record<string, string> {
  const wire = wireForm(batch);
  const inputs: Record<string, string> = { request_id: wire.requestId, input: wire.input === undefined ? '' : JSON.stringify(wire.input) };
  if (wire.members !== undefined) inputs.batch = wire.members;
  inputs.title = sessionTitle(batch.job, wire, SESSION_TITLE_MAX.github);
  return inputs;
}
