import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPreviewStore, goldenFile, previewDigests } from '../fixtures/preview-golden.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

describe('the fast preview gives the same results as the reference implementation', () => {
  it('three large previews (3,000 members, 18,000 events; lag, daily and recorded uploads; params, opens, traces) match their digests', async () => {
    const db = await buildPreviewStore(tempDir());
    try {
      const expected = JSON.parse(fs.readFileSync(goldenFile, 'utf8')) as Record<string, string>;
      expect(await previewDigests(db)).toEqual(expected);
      // A second preview of the unchanged store reuses what was loaded and still gives the same.
      expect(await previewDigests(db)).toEqual(expected);
    } finally {
      db.close();
    }
  });
});
