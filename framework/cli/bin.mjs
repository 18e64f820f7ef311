#!/usr/bin/env node
// The `gfa` command. Plain JavaScript so `node` runs it with no TypeScript loader: it starts the
// compiled CLI in dist/ (built by the package's `prepare` script, which `npm install` runs).
// First, the Node it runs on: the oldest one is the package's `engines` (its dependencies need it),
// refused in one line rather than with some later, stranger error.
import { readFileSync } from 'node:fs';

const engines = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines?.node ?? '';
const floor = Number(/^>=\s*(\d+)/.exec(engines)?.[1] ?? 0);
const major = Number(process.versions.node.split('.')[0]);
if (major < floor) {
  process.stderr.write(`gfa: gfa needs Node ${floor} or later, and this is Node ${process.versions.node}; install a current Node (nodejs.org, or your system's packages) and run gfa again\n`);
  process.exit(1);
}
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
