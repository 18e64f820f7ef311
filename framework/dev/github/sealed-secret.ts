/**
 * The body of a secret `PUT` in the GitHub double (a test double, not GitHub), for repository and
 * environment secrets alike: GitHub's naming rules
 * (https://docs.github.com/en/actions/how-tos/write-workflows/choose-what-workflows-do/use-secrets#naming-your-secrets;
 * the API's answer to a bad name is `422 Failed to add secret. Name is invalid`, as reported in
 * integrations/terraform-provider-github#714, 2021; not in GitHub's docs: UNVERIFIED wording), then
 * `{encrypted_value, key_id}` opened with the double's key (`crypto_box_seal_open`), as GitHub decrypts it.
 */
import { getSodium } from '../../crypto/sodium.ts';
import { jsonBody, type RouteContext } from './context.ts';
import { ghError } from './respond.ts';

/** The secret's name and plaintext, or the 422 GitHub answers. `whose`: `repository` or `environment` (for the message). */
export async function readSealedSecret(req: Request, ctx: RouteContext, rawName: string, whose: 'repository' | 'environment'): Promise<{ name: string; value: string } | Response> {
  const name = rawName.toUpperCase();
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name) || name.startsWith('GITHUB_')) return ghError(422, 'Failed to add secret. Name is invalid');
  const body = await jsonBody(req);
  if (!body || typeof body.encrypted_value !== 'string' || body.key_id !== ctx.state.boxKey.keyId) return ghError(422, 'Invalid request.\n\n"encrypted_value" and a current "key_id" are required.');
  const sodium = await getSodium();
  try {
    const opened = sodium.crypto_box_seal_open(sodium.from_base64(body.encrypted_value, sodium.base64_variants.ORIGINAL), ctx.state.boxKey.publicKey, ctx.state.boxKey.privateKey);
    return { name, value: new TextDecoder('utf-8', { fatal: true }).decode(opened) };
  } catch {
    return ghError(422, `Bad request: the encrypted value does not open with the ${whose} public key.`);
  }
}
