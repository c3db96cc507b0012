import { describe, expect, it } from 'vitest';
import { RawKeeper } from '../../electron/core/import/stage-rows.ts';

describe('raw rows kept by one import', () => {
  // The import's cap is 256 M characters; the same keeper with a small one shows what happens past it.
  it('keeps rows whole up to the cap, then a 1 K copy of each row, enough to recognise it', () => {
    const keeper = new RawKeeper(100_000);
    const row = (index: number): string[] => [`M${index}`, 'x'.repeat(3000), 'y'.repeat(3000)];
    const kept: string[] = [];
    for (let index = 0; index < 40; index++) kept.push(keeper.keep(row(index)));
    const whole = kept.filter((raw, index) => raw === JSON.stringify(row(index))).length;
    // 6 K characters a row: the cap is reached on the 17th row, which is still kept whole.
    expect(whole).toBe(17);
    for (const [index, raw] of kept.slice(17).entries()) {
      const cells = JSON.parse(raw) as string[];
      expect(cells[0]).toBe(`M${17 + index}`);
      expect(cells[1]).toBe(`${'x'.repeat(1024 - cells[0]!.length)}…[3000 characters]`);
      expect(cells[2]).toBe('…[1 more cells not kept]');
    }
  });

  it('caps a row at 32 K characters and a cell at 4 K before the import cap is reached', () => {
    const keeper = new RawKeeper();
    const cells = JSON.parse(keeper.keep(['a'.repeat(5000), ...Array.from({ length: 10 }, () => 'b'.repeat(4000))])) as string[];
    expect(cells[0]).toBe(`${'a'.repeat(4096)}…[5000 characters]`);
    expect(cells.slice(1, 8)).toEqual(Array.from({ length: 7 }, () => 'b'.repeat(4000)));
    expect(cells[8]).toBe(`${'b'.repeat(32_768 - 4096 - 7 * 4000)}…[4000 characters]`);
    expect(cells[9]).toBe('…[2 more cells not kept]');
    expect(cells).toHaveLength(10);
  });
});
