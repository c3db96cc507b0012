import { describe, expect, it } from 'vitest';
import { globMatch } from '../../electron/core/automation/glob-match.ts';

describe('watch-folder patterns', () => {
  it('match as a clerk expects: * any run, ? one character, case ignored, everything else literal', () => {
    const cases: Array<[string, string, boolean]> = [
      ['*', 'pos_2026-11-27.csv', true],
      ['pos_*.csv', 'pos_2026-11-27.csv', true],
      ['pos_*.csv', 'POS_2026-11-27.CSV', true],
      ['pos_*.csv', 'pos_.csv', true],
      ['pos_*.csv', 'pos_2026-11-27.csv.bak', false],
      ['pos_*.csv', 'members_2026.csv', false],
      ['pos_????-??-??.csv', 'pos_2026-11-27.csv', true],
      ['pos_????-??-??.csv', 'pos_2026-11-7.csv', false],
      ['*.csv', 'ＰＯＳ売上.csv', true],
      ['売上_*.csv', '売上_渋谷.csv', true],
      ['??.csv', '売上.csv', true],
      ['pos[1].csv', 'pos[1].csv', true],
      ['pos[1].csv', 'pos1.csv', false],
      ['a.c', 'abc', false],
      ['*a*b*c', 'xxaxxbxxc', true],
      ['*a*b*c', 'xxaxxcxxb', false],
      ['**', '', true],
      ['?', '', false],
    ];
    for (const [pattern, name, expected] of cases) expect(globMatch(pattern, name), `${pattern} ~ ${name}`).toBe(expected);
  });
});
