/** Reads of the project that deploy, trigger and doctor share. */
import type { RepoInfo } from '../types.ts';
import type { GitlabApi } from './api.ts';

/** The CI/CD variable holding the data key. */
export const SECRET_NAME = 'GFA_SECRET_KEY';
/** The description of the trigger token gfa creates (and recognises). */
export const TRIGGER_DESCRIPTION = 'gfa: browser and gfa trigger';

/** The project's fields gfa reads (https://docs.gitlab.com/api/projects/#get-a-single-project). */
export interface ProjectFields {
  id: number;
  default_branch?: string;
  visibility: RepoInfo['visibility'];
  web_url: string;
  namespace?: { id: number; full_path: string };
  /** Only shown to Maintainers and Owners. */
  ci_pipeline_variables_minimum_override_role?: string;
  ci_push_repository_for_job_token_allowed?: boolean;
}

/** `GET /projects/:id`. */
export async function readProject(gl: GitlabApi): Promise<ProjectFields> {
  return (await gl.read(`reading the project ${gl.project}`, () => gl.api.Projects.show(gl.project))) as unknown as ProjectFields;
}

/** The project as RepoInfo. */
export function repoInfo(p: ProjectFields): RepoInfo {
  return { defaultBranch: p.default_branch ?? 'main', visibility: p.visibility, webUrl: p.web_url };
}

/** A file's text at `ref`, or undefined when it does not exist. */
export async function readTextFile(gl: GitlabApi, path: string, ref: string): Promise<string | undefined> {
  const file = await gl.read(`reading ${path}`, () => gl.api.RepositoryFiles.show(gl.project, path, ref), true);
  return file ? Buffer.from(String(file.content), 'base64').toString('utf8') : undefined;
}

/**
 * The full token of the trigger gfa made, or undefined. GitLab shows a trigger token in full only to
 * the user who created it (others see 4 characters), so a token made by someone else does not count.
 */
export async function gfaTrigger(gl: GitlabApi): Promise<string | undefined> {
  const all = await gl.read('listing the pipeline trigger tokens', () => gl.api.PipelineTriggerTokens.all(gl.project));
  return all.find((t) => t.description === TRIGGER_DESCRIPTION && typeof t.token === 'string' && t.token.length > 4)?.token;
}
