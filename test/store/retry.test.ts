import { describe, expect, it } from 'vitest';
import { ENV } from '../../framework/contract.ts';
import { isGfaError } from '../../framework/errors.ts';
import { DEFAULT_TX_DEADLINE_MS, retryBudget, txDeadline } from '../../framework/store/retry.ts';

describe('transaction retry budget', () => {
  it('takes the deadline from the option, then GFA_TX_DEADLINE_MS, then 60 s', () => {
    expect(ENV.txDeadline).toBe('GFA_TX_DEADLINE_MS');
    expect(txDeadline({ deadline: 5 }, { GFA_TX_DEADLINE_MS: '7' })).toBe(5);
    expect(txDeadline({}, { GFA_TX_DEADLINE_MS: '7' })).toBe(7);
    expect(txDeadline({}, {})).toBe(DEFAULT_TX_DEADLINE_MS);
    expect(DEFAULT_TX_DEADLINE_MS).toBe(60_000);
    expect(() => txDeadline({}, { GFA_TX_DEADLINE_MS: 'soon' })).toThrow(/GFA_TX_DEADLINE_MS must be a number/);
  });

  it('keeps retrying past any fixed count until the deadline; a writer that waited long waits little', async () => {
    let clock = 0;
    const budget = retryBudget({ deadline: 9_000 }, () => clock);
    clock = 3_001; // a third of the budget spent: waits are at most 0.5 s x 1.5
    for (let attempt = 1; attempt <= 14; attempt++) {
      const t = performance.now();
      await budget.wait(attempt, 'x');
      expect(performance.now() - t).toBeLessThan(900);
    }
    clock = 9_001;
    const err = await budget.wait(15, 'branch "data"').catch((e: unknown) => e);
    expect(isGfaError(err, 'E_PUSH_CONFLICT')).toBe(true);
    expect((err as Error).message).toMatch(/branch "data" after 15 attempts in 9\.0 s.*9 s deadline.*GFA_TX_DEADLINE_MS/);
  }, 30_000);

  it('ends after `retries` re-runs when that option is set', async () => {
    const budget = retryBudget({ retries: 2 });
    await budget.wait(1, 'x');
    await budget.wait(2, 'x');
    await expect(budget.wait(3, 'x')).rejects.toThrow(/retries option \(2\)/);
  });
});
