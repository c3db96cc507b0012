import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { chooseBackupFolderMethod, openBackupFileMethod } from '../../electron/main/backup-dialogs.ts';
import { GrantedPaths } from '../../electron/main/granted-paths.ts';
import { openImportFileMethod } from '../../electron/main/import-dialog.ts';
import { z } from 'zod';
import { createInvokeHandler, type CoreInvoker, type ShellMethod } from '../../electron/main/ipc-entry.ts';
import type { FrameLike, OwnContents, SenderEvent } from '../../electron/main/sender-check.ts';
import type { Result } from '../../shared/contract/result.ts';

const mainFrame: FrameLike = { url: 'app://shopfloor/index.html', parent: null, processId: 4, routingId: 1 };
const contents: OwnContents = { id: 7, mainFrame, isDestroyed: () => false };
const fromMainFrame: SenderEvent = { sender: { id: 7 }, senderFrame: mainFrame };

function setup(core: CoreInvoker['invoke'] = async () => ({ ok: true, value: { version: '1.0.0' } })) {
  const invoke = vi.fn(core);
  const handler = createInvokeHandler({ core: { invoke }, getContents: () => contents });
  return { invoke, handler };
}

describe('the IPC entry', () => {
  it('passes a valid call through to the core and returns its result', async () => {
    const { invoke, handler } = setup();
    const result = await handler(fromMainFrame, { method: 'app.info', input: {} });
    expect(result).toEqual({ ok: true, value: { version: '1.0.0' } });
    expect(invoke).toHaveBeenCalledWith('app.info', {});
  });

  it('returns the core\'s refusal as it is', async () => {
    const refusal: Result<unknown> = { ok: false, error: { code: 'not_found', message: 'no batch 3' } };
    const { handler } = setup(async () => refusal);
    expect(await handler(fromMainFrame, { method: 'batches.get', input: { id: 3 } })).toEqual(refusal);
  });

  const strangers: Array<[string, SenderEvent, OwnContents | null]> = [
    ['a subframe', { sender: { id: 7 }, senderFrame: { url: 'app://shopfloor/frame.html', parent: mainFrame, processId: 4, routingId: 9 } }, contents],
    ['a subframe that claims the main frame\'s ids', { sender: { id: 7 }, senderFrame: { ...mainFrame, parent: mainFrame } }, contents],
    ['another origin', { sender: { id: 7 }, senderFrame: { ...mainFrame, url: 'https://evil.example/' } }, contents],
    ['a look-alike origin', { sender: { id: 7 }, senderFrame: { ...mainFrame, url: 'app://shopfloor.evil.example/index.html' } }, contents],
    ['a file:// page', { sender: { id: 7 }, senderFrame: { ...mainFrame, url: 'file:///tmp/index.html' } }, contents],
    ['a missing senderFrame', { sender: { id: 7 }, senderFrame: null }, contents],
    ['a different webContents', { sender: { id: 8 }, senderFrame: { ...mainFrame, processId: 5 } }, contents],
    ['a closed window', fromMainFrame, null],
    ['a destroyed window', fromMainFrame, { ...contents, isDestroyed: () => true }],
  ];
  for (const [name, event, own] of strangers) {
    it(`refuses a message from ${name} without calling the core`, async () => {
      const invoke = vi.fn<CoreInvoker['invoke']>();
      const handler = createInvokeHandler({ core: { invoke }, getContents: () => own });
      const result = await handler(event, { method: 'app.info', input: {} });
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
      expect(invoke).not.toHaveBeenCalled();
    });
  }

  it('refuses a payload that is not { method, input }', async () => {
    const { invoke, handler } = setup();
    for (const payload of [undefined, 'app.info', { method: 42 }, { method: 'app.info', input: {}, extra: true }]) {
      expect(await handler(fromMainFrame, payload)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect(invoke).not.toHaveBeenCalled();
  });

  it('refuses an input that fails its schema, and an unknown method', async () => {
    const { invoke, handler } = setup();
    const bad = await handler(fromMainFrame, { method: 'batches.get', input: { id: 'seven' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!bad.ok) expect(bad.error.message).toContain('id');
    expect(await handler(fromMainFrame, { method: 'batches.get', input: { id: 1, sql: 'DROP TABLE' } })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await handler(fromMainFrame, { method: 'fs.readFile', input: {} })).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('returns { ok: false } instead of throwing when the core throws', async () => {
    const { handler } = setup(async () => {
      throw new Error('disk on fire');
    });
    await expect(handler(fromMainFrame, { method: 'app.info', input: {} })).resolves.toEqual({ ok: false, error: { code: 'internal', message: 'disk on fire' } });
  });

  it('answers the shell\'s own methods itself, with their own schema', async () => {
    const run = vi.fn(async (): Promise<Result<unknown>> => ({ ok: true, value: null }));
    const shellMethod: ShellMethod = { input: z.strictObject({}), run };
    const invoke = vi.fn<CoreInvoker['invoke']>();
    const handler = createInvokeHandler({ core: { invoke }, getContents: () => contents, shellMethods: new Map([['dialog.openImportFile', shellMethod]]) });
    expect(await handler(fromMainFrame, { method: 'dialog.openImportFile', input: {} })).toEqual({ ok: true, value: null });
    expect(await handler(fromMainFrame, { method: 'dialog.openImportFile', input: { path: '/etc/passwd' } })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(run).toHaveBeenCalledTimes(1);
    expect(invoke).not.toHaveBeenCalled();
  });
});

describe('files the core may read', () => {
  it('only those the user chose in the dialog or dropped: a page cannot name any file on the machine', async () => {
    const granted = new GrantedPaths();
    const invoke = vi.fn<CoreInvoker['invoke']>(async () => ({ ok: true, value: {} }));
    const handler = createInvokeHandler({ core: { invoke }, getContents: () => contents, granted });
    expect(await handler(fromMainFrame, { method: 'files.inspect', input: { path: '/etc/passwd' } })).toMatchObject({ ok: false, error: { code: 'file_not_granted' } });
    expect(await handler(fromMainFrame, { method: 'import.start', input: { path: '/etc/passwd', kind: 'pos' } })).toMatchObject({ ok: false, error: { code: 'file_not_granted' } });
    expect(invoke).not.toHaveBeenCalled();

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sf-grant-')), 'pos.csv');
    fs.writeFileSync(file, 'Member ID\nM1\n');
    const dialog = openImportFileMethod(async () => ({ canceled: false, filePaths: [file] }), granted);
    expect(await dialog.run({})).toMatchObject({ ok: true, value: { path: file } });
    expect(await handler(fromMainFrame, { method: 'files.inspect', input: { path: file } })).toEqual({ ok: true, value: {} });
    expect(invoke).toHaveBeenCalledWith('files.inspect', { path: file });
  });
});

describe('backup folders and backup files', () => {
  it('a backup folder or a backup file from elsewhere must come from main\'s own dialog; a backup named from the folder needs none', async () => {
    const granted = new GrantedPaths();
    const invoke = vi.fn<CoreInvoker['invoke']>(async () => ({ ok: true, value: {} }));
    const handler = createInvokeHandler({ core: { invoke }, getContents: () => contents, granted });
    for (const [method, input] of [['data.setBackupFolder', { path: '/' }], ['backups.restore', { path: '/etc/shadow' }], ['backups.verify', { path: '/etc/passwd' }], ['backups.restorePreview', { path: '/tmp/x.db' }]] as const) {
      expect(await handler(fromMainFrame, { method, input })).toMatchObject({ ok: false, error: { code: 'file_not_granted' } });
    }
    expect(invoke).not.toHaveBeenCalled();
    expect(await handler(fromMainFrame, { method: 'backups.restore', input: { name: 'shopfloor-20261128T093000000Z-daily.db' } })).toEqual({ ok: true, value: {} });
    expect(await handler(fromMainFrame, { method: 'data.setBackupFolder', input: { path: null } })).toEqual({ ok: true, value: {} });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-backups-'));
    const folder = chooseBackupFolderMethod(async () => ({ canceled: false, filePaths: [dir] }), granted);
    expect(await folder.run({})).toEqual({ ok: true, value: { path: dir } });
    expect(await handler(fromMainFrame, { method: 'data.setBackupFolder', input: { path: dir } })).toEqual({ ok: true, value: {} });
    const file = path.join(dir, 'shopfloor-20261128T093000000Z-daily.db');
    fs.writeFileSync(file, 'x');
    const open = openBackupFileMethod(async () => ({ canceled: false, filePaths: [file] }), granted);
    expect(await open.run({})).toEqual({ ok: true, value: { path: file, file: path.basename(file), size: 1 } });
    expect(await handler(fromMainFrame, { method: 'backups.restore', input: { path: file } })).toEqual({ ok: true, value: {} });
    expect(await chooseBackupFolderMethod(async () => ({ canceled: true, filePaths: [] }), granted).run({})).toEqual({ ok: true, value: null });
  });
});
