import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { openImportFileMethod, type ShowOpenDialog } from '../../electron/main/import-dialog.ts';
import { checkImportFile, type ImportFile } from '../../electron/main/import-file-check.ts';
import { createDroppedHandler } from '../../electron/main/ipc-entry.ts';
import type { FrameLike, OwnContents, SenderEvent } from '../../electron/main/sender-check.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir('shopfloor-file-check-');
let dir = '';
let csv = '';

beforeAll(() => {
  dir = tempDir();
  csv = path.join(dir, 'pos 2026-11.csv');
  fs.writeFileSync(csv, 'Member ID,Amount\nM1,120\n');
  fs.mkdirSync(path.join(dir, 'exports.csv'));
});

const mainFrame: FrameLike = { url: 'app://shopfloor/index.html', parent: null, processId: 4, routingId: 1 };
const contents: OwnContents = { id: 7, mainFrame, isDestroyed: () => false };
const fromMainFrame: SenderEvent = { sender: { id: 7 }, senderFrame: mainFrame };

describe('re-checking a path from a dialog or a drop', () => {
  it('accepts an absolute path to a regular file', async () => {
    expect(await checkImportFile(csv)).toEqual({ ok: true, value: { path: csv, file: 'pos 2026-11.csv', size: 24 } });
  });

  it('refuses relative paths, folders, missing files and non-strings', async () => {
    const refused = ['pos.csv', './pos.csv', path.join('..', path.basename(dir), 'pos 2026-11.csv'), path.join(dir, 'exports.csv'), path.join(dir, 'missing.csv'), `${csv}\0.png`, '', 42, null, { path: csv }];
    for (const raw of refused) {
      expect(await checkImportFile(raw), String(raw)).toMatchObject({ ok: false, error: { code: 'bad_path' } });
    }
  });
});

describe('the drop channel', () => {
  it('re-checks the path and pushes files.dropped only for a usable file', async () => {
    const pushed: ImportFile[] = [];
    const handler = createDroppedHandler({ getContents: () => contents, pushDropped: (file) => pushed.push(file) });
    expect(await handler(fromMainFrame, csv)).toMatchObject({ ok: true });
    expect(await handler(fromMainFrame, 'relative.csv')).toMatchObject({ ok: false, error: { code: 'bad_path' } });
    expect(await handler(fromMainFrame, path.join(dir, 'exports.csv'))).toMatchObject({ ok: false, error: { code: 'bad_path' } });
    expect(pushed).toEqual([{ path: csv, file: 'pos 2026-11.csv', size: 24 }]);
  });

  it('ignores a drop reported by another frame', async () => {
    const pushDropped = vi.fn();
    const handler = createDroppedHandler({ getContents: () => contents, pushDropped });
    const subframe: SenderEvent = { sender: { id: 7 }, senderFrame: { ...mainFrame, parent: mainFrame, routingId: 2 } };
    expect(await handler(subframe, csv)).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(pushDropped).not.toHaveBeenCalled();
  });
});

describe('dialog.openImportFile', () => {
  it('opens main\'s own dialog for CSV, TSV, TXT and workbooks and re-checks the choice', async () => {
    const showOpenDialog = vi.fn<ShowOpenDialog>(async () => ({ canceled: false, filePaths: [csv] }));
    const method = openImportFileMethod(showOpenDialog);
    expect(await method.run({})).toEqual({ ok: true, value: { path: csv, file: 'pos 2026-11.csv', size: 24 } });
    const options = showOpenDialog.mock.calls[0]![0];
    expect(options.properties).toEqual(['openFile']);
    expect(options.filters?.[0]?.extensions).toEqual(['csv', 'tsv', 'txt', 'xlsx', 'xls', 'xlsb', 'ods']);
  });

  it('answers null when cancelled and refuses a folder', async () => {
    expect(await openImportFileMethod(async () => ({ canceled: true, filePaths: [] })).run({})).toEqual({ ok: true, value: null });
    expect(await openImportFileMethod(async () => ({ canceled: false, filePaths: [dir] })).run({})).toMatchObject({ ok: false, error: { code: 'bad_path' } });
  });
});
