/** @module gfa/dev: the embedded local forge behind `gfa dev`. */
export { startDevServer, type DevServer, type DevServerOptions } from './server.ts';
export { createDevHandler, type DevContext, type DevHandler } from './handler.ts';
export { handleGitHttp, type GitHttpOptions } from './git-http.ts';
export { injectForgeMeta, type ForgeSettings } from './routes-pages.ts';
