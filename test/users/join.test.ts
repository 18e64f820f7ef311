/** Joining: hostile blocks refused in one line; the first key stays bound; a key change needs the old key. */
import { describe, expect, it } from 'vitest';
import { findBlock, formatBlock, MAX_BODY_CHARS } from '../../framework/users/block.ts';
import { authoredText } from '../../framework/users/sender.ts';
import { bindJoin, joinMessage, keyChangeMessage, parseJoin, readBoundKeys } from '../../framework/users/join.ts';
import { generateUserKeys } from '../../framework/users/keys.ts';
import { memoryDriver } from '../../framework/store/drivers/memory.ts';
import { createStore } from '../../framework/store/store.ts';

const NOW = Date.UTC(2026, 11, 7, 12);
const join = async (value: Record<string, unknown>) => parseJoin(findBlock(`Please let me in.\n\n${formatBlock('join', value)}`)!.value);

describe('gfa-join blocks', () => {
  it('reads one block out of a body; a body without one is not gfa\'s', async () => {
    const keys = await generateUserKeys();
    expect((await join(joinMessage(keys, 'r1'))).card).toEqual(keys.card);
    expect(findBlock('just a comment with ```code```')).toBeUndefined();
  });

  it('refuses hostile bodies in one line, never echoing them', async () => {
    const { card } = await generateUserKeys();
    const bad = (body: string) => { try { findBlock(body); return parseJoin(findBlock(body)!.value) && 'accepted'; } catch (e) { return (e as Error).message; } };
    expect(bad(`x${' '.repeat(MAX_BODY_CHARS)}\n${formatBlock('join', card)}`)).toMatch(/^the text is longer than \d+ characters/);
    expect(bad('```gfa-join\n{"v":1,"sign":\n```')).toBe('the gfa-join block is not valid JSON');
    expect(bad(`\`\`\`gfa-join\n${JSON.stringify({ ...card, pad: 'x'.repeat(3000) })}\n\`\`\``)).toMatch(/^the gfa-join block is \d+ bytes; the limit is 2048$/);
    expect(bad('```gfa-join\n[1]\n```')).toBe('the gfa-join block must hold one JSON object');
    expect(bad('```gfa-join\n{}')).toBe('the gfa-join block has no closing ``` line');
    expect(bad(`${formatBlock('join', card)}${formatBlock('join', card)}`)).toBe('the text holds more than one gfa block; post one per comment');
    expect(bad('```gfa-admin\n{}\n```')).toMatch(/opens with ```gfa-join or ```gfa-request/);
    expect(bad(formatBlock('join', { ...card, sign: card.sign.slice(0, 20) }))).toBe('the join\'s sign key must be standard base64 of 32 bytes');
    expect(bad(formatBlock('join', { ...card, box: Buffer.alloc(33).toString('base64') }))).toBe('the join\'s box key must be standard base64 of 32 bytes');
    expect(bad(formatBlock('join', { ...card, requestId: '../x' }))).toMatch(/requestId must match/);
    expect(bad('```gfa-join\n{"v":1,"sign":"SECRET\n```')).toBe('the gfa-join block is not valid JSON');
  });

  it('takes the numeric id of the text\'s author, never a login', () => {
    const comment = (sender: unknown, author: unknown) => ({ sender: { id: sender, login: 'octocat' }, comment: { body: 'hi', user: { id: author } } });
    expect(authoredText('issue_comment', comment(42, 42))).toEqual({ user: '42', body: 'hi' });
    expect(() => authoredText('issue_comment', comment('octocat', 'octocat'))).toThrow(/names no numeric user id \(sender.id\)/);
    expect(() => authoredText('issue_comment', comment(1.5, 1.5))).toThrow(/numeric user id/);
    expect(() => authoredText('issue_comment', comment(7, 42))).toThrow(/^user 7 sent the event but did not write its text/);
    expect(authoredText('issues', { sender: { id: 5 }, issue: { body: 'b', user: { id: 5 } } })).toEqual({ user: '5', body: 'b' });
    const note = { object_kind: 'note', user: { id: 9, username: 'x' }, object_attributes: { note: 'n', author_id: 9 } };
    expect(authoredText('issue_comment', note)).toEqual({ user: '9', body: 'n' });
    expect(() => authoredText('issue_comment', { ...note, user: { username: 'x' } })).toThrow(/\(user.id\)/);
  });
});

describe('binding', () => {
  const setup = () => {
    const store = createStore(memoryDriver());
    const bind = (user: string, message: Awaited<ReturnType<typeof join>>, now = NOW) => store.transaction((tx) => bindJoin(tx, user, message, now));
    return { store, bind };
  };

  it('binds the first key to the user id; the same card again is a no-op', async () => {
    const t = setup();
    const keys = await generateUserKeys();
    expect(await t.bind('42', await join(joinMessage(keys)))).toBe('bound');
    expect(await t.store.transaction((tx) => readBoundKeys(tx, '42'))).toMatchObject(keys.card);
    expect(await t.bind('42', await join(joinMessage(keys)))).toBe('unchanged');
  });

  it('refuses a second join with another key, and a key bound to someone else', async () => {
    const t = setup();
    const first = await generateUserKeys();
    const second = await generateUserKeys();
    await t.bind('42', await join(joinMessage(first)));
    await expect(t.bind('42', await join(joinMessage(second)))).rejects.toMatchObject({ code: 'E_KEY_BOUND', message: expect.stringMatching(/^user 42 has joined with other keys/) });
    // A stranger who copies 42's public card binds nothing.
    await expect(t.bind('77', await join(joinMessage(first)))).rejects.toMatchObject({ code: 'E_KEY_BOUND' });
    expect(await t.store.transaction((tx) => readBoundKeys(tx, '42'))).toMatchObject(first.card);
    expect(await t.store.transaction((tx) => readBoundKeys(tx, '77'))).toBeUndefined();
  });

  it('accepts a key change signed by the old key; refuses one signed by another, or too old', async () => {
    const t = setup();
    const old = await generateUserKeys();
    const next = await generateUserKeys();
    const thief = await generateUserKeys();
    await t.bind('42', await join(joinMessage(old)));
    await expect(t.bind('42', await join(await keyChangeMessage(thief, next.card, NOW)))).rejects.toMatchObject({ code: 'E_SIGNATURE' });
    const forged = { ...(await keyChangeMessage(thief, next.card, NOW)) } as Record<string, unknown> & { change: Record<string, unknown> };
    forged.change = { ...forged.change, from: old.card.sign };
    await expect(t.bind('42', await join(forged))).rejects.toMatchObject({ code: 'E_SIGNATURE', message: 'the key change is not signed by the bound sign key' });
    await expect(t.bind('42', await join(await keyChangeMessage(old, next.card, NOW - 11 * 60_000)))).rejects.toMatchObject({ code: 'E_STALE_REQUEST' });
    expect(await t.bind('42', await join(await keyChangeMessage(old, next.card, NOW)))).toBe('changed');
    expect(await t.store.transaction((tx) => readBoundKeys(tx, '42'))).toMatchObject(next.card);
    // The retired key stays 42's: nobody else can bind it later.
    await expect(t.bind('77', await join(joinMessage(old)))).rejects.toMatchObject({ code: 'E_KEY_BOUND' });
  });
});
