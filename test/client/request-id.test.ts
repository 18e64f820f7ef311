import { describe, expect, it } from 'vitest';
import { newRequestId as randomRequestId } from '../../framework/client/index.ts';
import { REQUEST_ID_PATTERN, newRequestId, requestIdTime } from '../../framework/contract.ts';

describe('request ids carry their time', () => {
  it("the client SDK's ids start with the time, so jobs can expire their results", () => {
    const before = Date.now();
    const id = randomRequestId();
    expect(id).toMatch(/^0[0-9a-z]{8}-[A-Za-z0-9_-]{16}$/);
    expect(id).toMatch(REQUEST_ID_PATTERN);
    const t = requestIdTime(id);
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
    expect(new Set(Array.from({ length: 1000 }, () => randomRequestId())).size).toBe(1000);
  });

  it("the runtime's ids too; other ids have no time", () => {
    expect(requestIdTime(newRequestId({ now: Date.UTC(2026, 0, 1) }))).toBe(Date.UTC(2026, 0, 1));
    expect(requestIdTime('custom-id')).toBeUndefined();
    expect(requestIdTime('tick-0abc')).toBeUndefined();
    expect(requestIdTime('000000001-x')).toBeUndefined(); // before 2020: not a time
    expect(requestIdTime('1zzzzzzzz-x')).toBeUndefined();
  });
});
