#!/usr/bin/env node
// The `gfa` command. Plain JavaScript so `node` runs it with no TypeScript loader: it starts the
// compiled CLI in dist/ (built by the package's `prepare` script, which `npm install` runs).
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
