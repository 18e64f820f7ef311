/**
 * `return_run_details` on a workflow dispatch, and servers that do not know it. github.com takes
 * `return_run_details: true` and answers 200 with the run's ids (since 2026-02-19, changelog
 * "Workflow dispatch API now returns run IDs"); GitHub Enterprise Server's OpenAPI descriptions
 * 3.17, 3.18 and 3.19 (@octokit/openapi 23.0.2, `ghes-3.x.json`) describe the dispatch body as
 * `ref` and `inputs` only, with 204 as the one answer, so a release before the field may refuse it
 * as a key it does not permit (422 naming the key). The adapters send it, and when a server refuses a
 * body that names it, send the dispatch again without it (nothing was started by a refused request)
 * and leave it out from then on. A server that ignores it answers 204, which both adapters read as
 * "no run details".
 */
/** True when an answer refuses the dispatch because of `return_run_details`. */
export function refusesRunDetails(status: number | undefined, message: unknown): boolean {
  return (status === 400 || status === 422) && typeof message === 'string' && message.includes('return_run_details');
}

/** The dispatch body, with or without the field. */
export function dispatchBody(ref: string, inputs: Record<string, string>, withDetails: boolean): { ref: string; inputs: Record<string, string>; return_run_details?: true } {
  return withDetails ? { ref, inputs, return_run_details: true } : { ref, inputs };
}

/** Remembers per adapter whether the server takes the field. */
export function runDetailsSupport(): { use(): boolean; refused(): void } {
  let supported = true;
  return { use: () => supported, refused: () => void (supported = false) };
}
