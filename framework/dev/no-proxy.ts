/**
 * The doubles live on 127.0.0.1: a child that talks to them (git, curl, a job) must never go through a
 * proxy the machine's environment names (HTTP_PROXY, HTTPS_PROXY), which cannot reach this machine's
 * loopback. git and curl honour NO_PROXY / no_proxy, so both get the loopback names added.
 */
const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

/** `env` with 127.0.0.1, localhost and ::1 in NO_PROXY and no_proxy (kept entries first). */
export function withLoopbackNoProxy<T extends Record<string, string | undefined>>(env: T): T {
  const kept = [env.NO_PROXY, env.no_proxy].flatMap((v) => (v ?? '').split(',')).map((s) => s.trim()).filter(Boolean);
  const list = [...new Set([...kept, ...LOOPBACK])].join(',');
  return { ...env, NO_PROXY: list, no_proxy: list };
}
