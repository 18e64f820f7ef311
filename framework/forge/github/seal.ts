/**
 * Seals a value for GitHub's secrets API: libsodium `crypto_box_seal` to the repository's (or the
 * environment's) public key, base64 (https://docs.github.com/en/rest/guides/encrypting-secrets-for-the-rest-api).
 */
export async function seal(value: string, publicKey: string): Promise<string> {
  const { getSodium } = await import('../../crypto/sodium.ts');
  const sodium = await getSodium();
  const sealed = sodium.crypto_box_seal(sodium.from_string(value), sodium.from_base64(publicKey, sodium.base64_variants.ORIGINAL));
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}
