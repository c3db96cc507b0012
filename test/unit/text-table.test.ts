import { describe, expect, it } from 'vitest';
import { formatCount, textTable } from '../../electron/core/cli/text-table.ts';

describe('command-line tables', () => {
  it('groups thousands as en-US does', () => {
    for (const value of [0, 7, 999, 1_000, -1_234, 30_303, 969_697, 1_000_000, -12_345_678, Number.MAX_SAFE_INTEGER, 1.5, 1234.5678]) {
      expect(formatCount(value)).toBe(value.toLocaleString('en-US'));
    }
  });

  it('pads by display width, so Japanese and Chinese cells line up', () => {
    expect(textTable(['name', 'rows'], [['抹茶ラテ', '1,000'], ['tea', '12']], [1]).split('\n')).toEqual([
      'name       rows',
      '--------  -----',
      '抹茶ラテ  1,000',
      'tea          12',
    ]);
  });
});
