/** One Content-Security-Policy, from the framework: gfa build writes it into every page, replacing any copy. */
import { describe, expect, it } from 'vitest';
import { defineApp, defineJob } from '../../framework/app/define.ts';
import { trigger } from '../../framework/index.ts';
import { contentSecurityPolicy, withPolicy } from '../../framework/build/page-policy.ts';

describe('page policy', () => {
  it('puts the policy at the top of <head>, before any script, and removes any other CSP meta', () => {
    const html = withPolicy('<!doctype html><html><head><meta charset="utf-8"><script src="a.js"></script><meta http-equiv="Content-Security-Policy" content="default-src *"></head><body></body></html>');
    expect(html.match(/Content-Security-Policy/g)).toHaveLength(1);
    expect(html).not.toContain('default-src *');
    expect(html.indexOf('Content-Security-Policy')).toBeGreaterThan(html.indexOf('charset'));
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    expect(withPolicy('<html><head><title>t</title></head></html>')).toMatch(/<head>\n<meta http-equiv="Content-Security-Policy"/);
  });

  it('allows the site, WebAssembly for Argon2id and the forge APIs, nothing inline', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toMatch(/connect-src 'self' https:\/\/api\.github\.com https:\/\/gitlab\.com/);
    expect(csp).not.toContain('unsafe-inline');
  });

  it('media come from the site only, unless the app lists more in pages.media', () => {
    expect(contentSecurityPolicy()).not.toContain('media-src');
    expect(contentSecurityPolicy(undefined, ['https:'])).toContain("media-src 'self' https:");
  });

  it('defineApp refuses pages.media sources that are not https', () => {
    const jobs = { j: defineJob({ on: [trigger()], run: () => null }) };
    for (const bad of [['*'], ['data:'], ["'unsafe-inline'"], ['http:'], 'https:']) {
      expect(() => defineApp({ name: 'a', pages: { dir: 'web', media: bad as string[] }, jobs }), String(bad)).toThrow(/pages\.media lists where media may load from/);
    }
    expect(() => defineApp({ name: 'a', pages: { dir: 'web', media: ['https:', 'https://cdn.example'] }, jobs })).not.toThrow();
  });
});
