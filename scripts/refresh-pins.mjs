#!/usr/bin/env node
/**
 * `node scripts/refresh-pins.mjs [--write]`: finds the newest release of each action in
 * framework/pipeline/pins.ts (its highest `vX.Y.Z` tag, read with `git ls-remote --tags` from
 * github.com, with the commit it points at) and the digest of the newest `node:<major>.x.y` image on
 * Docker Hub, and prints what would change. `--write` rewrites pins.ts (then run `gfa build` on each
 * app and commit). Needs network access to github.com and Docker Hub; without it, it says so and
 * exits 1 (REFRESH_PINS_GIT points the tag lookup at local snapshots instead). A new major (e.g. checkout v8) is reported, not written: read its release notes first.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { register } from 'tsx/esm/api';

register();
const run = promisify(execFile);
const pinsPath = fileURLToPath(new URL('../framework/pipeline/pins.ts', import.meta.url));
const { ACTION_PINS, NODE_IMAGE, NODE_MAJOR } = await import('../framework/pipeline/pins.ts');
const write = process.argv.includes('--write');
/** Where the tags are read; REFRESH_PINS_GIT overrides it (e.g. `/mirror/{owner+name}/repo`, a local snapshot). */
const gitUrl = process.env.REFRESH_PINS_GIT ?? 'https://github.com/{repo}';
/** Docker Hub's token and registry endpoints; REFRESH_PINS_DOCKER overrides both (tests point it nowhere). */
const authUrl = process.env.REFRESH_PINS_DOCKER ?? 'https://auth.docker.io';
const registryUrl = process.env.REFRESH_PINS_DOCKER ?? 'https://registry-1.docker.io';
const semver = (tag) => /^v?(\d+)\.(\d+)\.(\d+)$/.exec(tag)?.slice(1).map(Number);
const newer = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** The highest vX.Y.Z tag of a GitHub repository and its commit (annotated tags peeled). */
async function latestRelease(repo, major) {
  const { stdout } = await run('git', ['ls-remote', '--tags', gitUrl.replace('{repo}', repo).replace('{owner+name}', repo.replace('/', '+'))], { timeout: 30_000, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
  const commits = new Map();
  for (const line of stdout.trim().split('\n')) {
    const [sha, ref] = line.split('\t');
    const tag = ref.replace(/^refs\/tags\//, '').replace(/\^\{\}$/, '');
    if (ref.endsWith('^{}') || !commits.has(tag)) commits.set(tag, sha);
  }
  const tags = [...commits.keys()].filter((t) => semver(t) && (major === undefined || semver(t)[0] === major));
  tags.sort((a, b) => newer(semver(b), semver(a)));
  return tags[0] ? { tag: tags[0], sha: commits.get(tags[0]) } : undefined;
}

/** The newest `node:<major>.x.y` tag on Docker Hub and its multi-platform index digest. */
async function latestNodeImage(major) {
  const auth = await fetch(`${authUrl}/token?service=registry.docker.io&scope=repository:library/node:pull`);
  const { token } = await auth.json();
  const headers = { authorization: `Bearer ${token}` };
  const list = await (await fetch(`${registryUrl}/v2/library/node/tags/list?n=100000`, { headers })).json();
  const tags = list.tags.filter((t) => semver(t)?.[0] === major).sort((a, b) => newer(semver(b), semver(a)));
  const accept = 'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json';
  const res = await fetch(`${registryUrl}/v2/library/node/manifests/${tags[0]}`, { method: 'HEAD', headers: { ...headers, accept } });
  return { tag: tags[0], digest: res.headers.get('docker-content-digest') };
}

let text = await readFile(pinsPath, 'utf8');
let changes = 0;
try {
  for (const pin of ACTION_PINS) {
    const major = semver(pin.tag)[0];
    const same = await latestRelease(pin.repo, major);
    const any = await latestRelease(pin.repo);
    if (any && semver(any.tag)[0] > major) console.log(`${pin.repo}: new major ${any.tag} (${any.sha}); update pins.ts by hand after reading its release notes`);
    if (!same || same.sha === pin.sha) {
      console.log(`${pin.repo}: ${pin.tag} is current`);
      continue;
    }
    changes++;
    console.log(`${pin.repo}: ${pin.tag} ${pin.sha} -> ${same.tag} ${same.sha}`);
    // Only on the pin's own line (two actions may share a tag such as v5.0.0), and its doc comment.
    text = text
      .split('\n')
      .map((line) => (line.includes(pin.sha) ? line.replace(pin.sha, same.sha).replace(`'${pin.tag}'`, `'${same.tag}'`) : line))
      .join('\n')
      .replace(`${pin.repo} ${pin.tag}`, `${pin.repo} ${same.tag}`);
  }
  const img = await latestNodeImage(NODE_MAJOR);
  if (img.digest && img.digest !== NODE_IMAGE.digest) {
    changes++;
    console.log(`node image: ${NODE_IMAGE.tag} ${NODE_IMAGE.digest} -> ${img.tag} ${img.digest}`);
    text = text.replace(NODE_IMAGE.digest, img.digest).replace(`tag: '${NODE_IMAGE.tag}'`, `tag: '${img.tag}'`);
  } else console.log(`node image: ${NODE_IMAGE.tag} is current`);
} catch (err) {
  console.error(`refresh-pins: cannot reach github.com or Docker Hub (${String(err?.message ?? err).split('\n')[0]}); run it on a machine with network access`);
  process.exit(1);
}
if (changes > 0 && write) {
  await writeFile(pinsPath, text);
  console.log('pins.ts updated: say where each new value came from in its header comment, run `gfa build` on each app, and commit');
} else if (changes > 0) console.log('run with --write to update framework/pipeline/pins.ts');
