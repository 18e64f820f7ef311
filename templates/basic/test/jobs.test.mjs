/** This app's jobs, each run as CI runs it (`gfa run` of the built bundle) against a scratch data repository. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { scratch } from './gfa.mjs';

let data;
before(async () => {
  data = await scratch();
});
after(() => data?.close());

describe('greet', () => {
  it('answers with the name and counts each greeting', async () => {
    const first = await data.run('greet', { input: { name: 'Ada' } });
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(first.result.output, { message: 'Hello, Ada!', count: 1 });
    const second = await data.run('greet', { input: { name: 'Grace' } });
    assert.deepEqual(second.result.output, { message: 'Hello, Grace!', count: 2 });
    assert.equal(await data.get('greetings/count'), '2');
  });

  it('refuses an input without a name, and stores nothing for it', async () => {
    const before = await data.get('greetings/count');
    const r = await data.run('greet', { input: { name: '' } });
    assert.equal(r.code, 1);
    assert.equal(r.result.status, 'error');
    assert.match(r.result.error.message, /name of 1 to 100 characters/);
    assert.equal(await data.get('greetings/count'), before);
  });
});

describe('heartbeat', () => {
  it('counts its runs as its schedule fires', async () => {
    const r = await data.run('heartbeat', { schedule: true });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.result.output.runs, 1);
    assert.equal(JSON.parse(await data.get('heartbeat.json')).runs, 1);
  });
});
