/** `created=` in GitHub's search syntax for dates (framework/dev/github/run-filters.ts). */
import { describe, expect, it } from 'vitest';
import { createdFilter } from '../../../framework/dev/github/run-filters.ts';

const at = (iso: string): number => Date.parse(iso);

describe('createdFilter', () => {
  it('reads days, comparisons, ranges and date-times', () => {
    const day = createdFilter('2026-12-07')!;
    expect([day(at('2026-12-07T00:00:00Z')), day(at('2026-12-07T23:59:59Z')), day(at('2026-12-08T00:00:00Z'))]).toEqual([true, true, false]);
    expect(createdFilter('>2026-12-07')!(at('2026-12-07T12:00:00Z'))).toBe(false);
    expect(createdFilter('>2026-12-07')!(at('2026-12-08T00:00:00Z'))).toBe(true);
    expect(createdFilter('<=2026-12-07')!(at('2026-12-07T12:00:00Z'))).toBe(true);
    expect(createdFilter('<2026-12-07')!(at('2026-12-07T00:00:00Z'))).toBe(false);
    expect(createdFilter('2026-12-01..2026-12-07')!(at('2026-12-07T10:00:00Z'))).toBe(true);
    expect(createdFilter('*..2026-11-30')!(at('2026-12-01T00:00:00Z'))).toBe(false);
    expect(createdFilter('>=2026-12-07T10:00:00+01:00')!(at('2026-12-07T09:00:00Z'))).toBe(true);
    expect(createdFilter('>=2026-12-07T10:00:00+01:00')!(at('2026-12-07T08:59:59Z'))).toBe(false);
  });

  it('cannot read other text', () => {
    for (const bad of ['yesterday', '2026-13', '>', '1..2']) expect(createdFilter(bad)).toBeUndefined();
  });
});
