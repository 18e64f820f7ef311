/** The OpenAPI checker itself can fail: it names an unknown operation, a bad body, a bad query and a wrong answer. */
import { describe, expect, it } from 'vitest';
import { checkExchange } from './helpers/openapi.ts';

const x = (o: { method?: string; path: string; query?: string; body?: unknown; status?: number; response?: unknown; headers?: Record<string, string> }) => ({
  method: o.method ?? 'GET',
  path: o.path,
  query: new URLSearchParams(o.query ?? ''),
  requestHeaders: new Headers(o.headers ?? {}),
  requestBody: o.body === undefined ? undefined : JSON.stringify(o.body),
  status: o.status ?? 200,
  responseHeaders: new Headers({ 'content-type': 'application/json; charset=utf-8' }),
  responseBody: o.response === undefined ? '' : JSON.stringify(o.response),
});

describe('OpenAPI checker', () => {
  it('accepts a valid dispatch and its answer', () => {
    expect(checkExchange(x({ method: 'POST', path: '/repos/o/r/actions/workflows/gfa-a.yml/dispatches', body: { ref: 'main', inputs: { request_id: 'x' }, return_run_details: true }, status: 200, response: { workflow_run_id: 1, run_url: 'http://h/a', html_url: 'http://h/b' } }))).toEqual([]);
  });

  it('names what is wrong', () => {
    expect(checkExchange(x({ path: '/repos/o/r/no/such/thing' }))[0]).toMatch(/no such operation/);
    expect(checkExchange(x({ method: 'POST', path: '/repos/o/r/actions/workflows/a.yml/dispatches', body: { inputs: {} }, status: 204 })).join()).toMatch(/request body: .*ref/);
    expect(checkExchange(x({ path: '/repos/o/r/actions/workflows', query: 'per_page=abc', response: { total_count: 0, workflows: [] } })).join()).toMatch(/query per_page=abc/);
    expect(checkExchange(x({ path: '/repos/o/r/actions/workflows', query: 'bogus=1', response: { total_count: 0, workflows: [] } })).join()).toMatch(/unknown query parameter bogus/);
    expect(checkExchange(x({ path: '/repos/o/r/git/ref/heads/data', response: { ref: 'refs/heads/data' } })).join()).toMatch(/response body: .*(node_id|object|url)/);
    expect(checkExchange(x({ path: '/repos/o/r/git/ref/heads/data', status: 304 })).join()).toMatch(/status 304 is not documented/);
    expect(checkExchange(x({ path: '/repos/o/r', status: 404, response: { error: 'x' } })).join()).toMatch(/not a GitHub error body/);
  });
});
