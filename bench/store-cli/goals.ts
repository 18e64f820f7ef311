/** The derived figures of `bench/store-cli.bench.ts`: issue 27's three goals, and after/before everywhere. */
import type { Report } from '../index.ts';

/** Medians by `<op>/<remote>/<layout>/<size>/<mode>` (ms), `get-bytes/…` (bytes) and `floor` (ms). */
export type Figures = Map<string, number>;

const ratio = (a: number, b: number) => Number((a / b).toFixed(2));

/** Reports the goals that `sizes` allow (the largest size stands for 100,000, the smallest for 100). */
export function reportGoals(report: Report, f: Figures, sizes: number[]): void {
  const small = Math.min(...sizes);
  const large = Math.max(...sizes);
  for (const remote of ['local', 'http']) {
    const a = f.get(`set/${remote}/flat/${large}/after`)!;
    const b = f.get(`set/${remote}/flat/${small}/after`)!;
    // The goal's own figure comes from the paired run (store-cli.bench.ts); this one compares cells measured minutes apart.
    report({ name: `info/write-${large}-over-${small}-by-cell/${remote}/flat/after`, value: ratio(a, b), unit: 'x', numerator: Math.round(a), denominator: Math.round(b) });
    // What the process costs without a store (node start, CLI load), taken off both sides.
    const floor = f.get('floor')!;
    report({ name: `info/write-${large}-over-${small}-less-floor/${remote}/flat/after`, value: ratio(a - floor, b - floor), unit: 'x', floorMs: Math.round(floor) });
  }
  const bytes = f.get(`get-bytes/http/flat/${large}/after`)!;
  report({ name: `goal/read-bytes/http/flat/${large}/after`, value: bytes, unit: 'bytes', goal: '< 65536', met: bytes < 65536 });
  for (const size of sizes) {
    for (const op of ['set', 'get', 'list']) {
      for (const remote of ['local', 'http']) {
        for (const layout of ['flat', 'fan1']) {
          const at = `${op}/${remote}/${layout}/${size}`;
          const v = ratio(f.get(`${at}/after`)!, f.get(`${at}/before`)!);
          const goal = size === small && op !== 'list' ? { goal: '<= 1.2', met: v <= 1.2 } : {};
          report({ name: `${size === small && op !== 'list' ? 'goal' : 'info'}/after-over-before/${at}`, value: v, unit: 'x', ...goal });
        }
      }
    }
  }
}
