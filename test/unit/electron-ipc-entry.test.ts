import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { chooseBackupFolderMethod, openBackupFileMethod } from '../../electron/main/backup-dialogs.ts';
import { z } from 'zod';
import { GrantedPaths, startCoreHost, type CoreHost } from '../../electron/core/index.ts';
import { chooseWatchFolderMethod } from '../../electron/main/folder-dialog.ts';
import { openImportFileMethod } from '../../electron/main/import-dialog.ts';
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

const cores: CoreHost[] = [];
afterAll(async () => {
  for (const core of cores) await core.close();
});

/** The IPC entry in front of a real core, sharing main's record of what the user chose, as index.ts wires them. */
function realCore(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-grant-'))) {
  const granted = new GrantedPaths();
  const core = startCoreHost({ dbPath: path.join(dir, 'store.db'), schedulerIntervalMs: 0, grants: granted });
  cores.push(core);
  const handler = createInvokeHandler({ core, getContents: () => contents });
  const call = (method: string, input: unknown) => handler(fromMainFrame, { method, input });
  return { dir, granted, core, call };
}

describe('files the core may read', () => {
  it('only those the user chose in the dialog or dropped: a page cannot name any file on the machine', async () => {
    const { dir, granted, call } = realCore();
    expect(await call('files.inspect', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'file_not_granted' } });
    expect(await call('import.start', { path: '/etc/passwd', kind: 'pos' })).toMatchObject({ ok: false, error: { code: 'file_not_granted' } });

    const file = path.join(dir, 'pos.csv');
    fs.writeFileSync(file, 'Member ID,Name\nM1,Hanako\n');
    const dialog = openImportFileMethod(async () => ({ canceled: false, filePaths: [file] }), granted);
    expect(await dialog.run({})).toMatchObject({ ok: true, value: { path: file } });
    expect(await call('files.inspect', { path: file })).toMatchObject({ ok: true, value: { kind: 'members' } });
  });
});

describe('folders the core may watch', () => {
  it('only one chosen in main\'s folder dialog: automation.save cannot name /etc or ~/.ssh', async () => {
    const { dir, granted, call } = realCore();
    const exports = path.join(dir, 'registers out');
    fs.mkdirSync(exports);
    for (const folder of ['/etc', path.join(os.homedir(), '.ssh'), exports]) {
      expect(await call('automation.save', { folder: { folder, kind: 'pos' } }), folder).toMatchObject({ ok: false, error: { code: 'folder_not_granted' } });
    }
    expect(await call('automation.list', {})).toMatchObject({ ok: true, value: { folders: [] } });

    const dialog = chooseWatchFolderMethod(async (options) => {
      expect(options.properties).toContain('openDirectory');
      return { canceled: false, filePaths: [exports] };
    }, granted);
    expect(await dialog.run({})).toEqual({ ok: true, value: { path: exports } });
    expect(await call('automation.save', { folder: { folder: exports, kind: 'pos' } })).toMatchObject({ ok: true, value: { folder: exports, confirmed: true } });
    // Next time the app starts nothing is granted: the watched folder's settings change without the dialog, no other folder is added.
    const later = realCore(dir);
    expect(await later.call('automation.save', { folder: { folder: exports, kind: 'members' } })).toMatchObject({ ok: true, value: { folder: exports, kind: 'members', confirmed: true } });
    expect(await later.call('automation.save', { folder: { folder: '/etc', kind: 'pos' } })).toMatchObject({ ok: false, error: { code: 'folder_not_granted' } });
  });

  it('refuses network and UNC folders in the dialog, and a cancelled dialog grants nothing', async () => {
    const granted = new GrantedPaths();
    for (const folder of ['\\\\fileserver\\registers', '//fileserver/registers', '\\\\?\\UNC\\fileserver\\share']) {
      const dialog = chooseWatchFolderMethod(async () => ({ canceled: false, filePaths: [folder] }), granted);
      expect(await dialog.run({}), folder).toMatchObject({ ok: false, error: { code: 'bad_folder', message: expect.stringContaining('network (UNC) path') } });
    }
    const cancelled = chooseWatchFolderMethod(async () => ({ canceled: true, filePaths: [] }), granted);
    expect(await cancelled.run({})).toEqual({ ok: true, value: null });
    expect(granted.hasFolder('//fileserver/registers')).toBe(false);
  });
});

describe('backup folders and backup files', () => {
  it('a backup folder or a backup file from elsewhere must come from main\'s own dialog; a backup named from the folder needs none', async () => {
    const { dir, granted, call } = realCore();
    for (const [method, input] of [['data.setBackupFolder', { path: '/' }], ['backups.restore', { path: '/etc/shadow' }], ['backups.verify', { path: '/etc/passwd' }], ['backups.restorePreview', { path: '/tmp/x.db' }]] as const) {
      expect(await call(method, input), method).toMatchObject({ ok: false, error: { code: 'file_not_granted' } });
    }
    expect(await call('backups.verify', { name: 'shopfloor-20261128T093000000Z-daily.db' })).not.toMatchObject({ error: { code: 'file_not_granted' } });
    expect(await call('data.setBackupFolder', { path: null })).toMatchObject({ ok: true });

    const backups = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-backups-'));
    const folder = chooseBackupFolderMethod(async () => ({ canceled: false, filePaths: [backups] }), granted);
    expect(await folder.run({})).toEqual({ ok: true, value: { path: backups } });
    expect(await call('data.setBackupFolder', { path: backups })).toMatchObject({ ok: true, value: { settings: { backup_folder: backups } } });
    const file = path.join(dir, 'elsewhere.db');
    fs.writeFileSync(file, 'x');
    const open = openBackupFileMethod(async () => ({ canceled: false, filePaths: [file] }), granted);
    expect(await open.run({})).toEqual({ ok: true, value: { path: file, file: path.basename(file), size: 1 } });
    expect(await call('backups.verify', { path: file })).toMatchObject({ ok: true, value: { ok: false } });
    expect(await chooseBackupFolderMethod(async () => ({ canceled: true, filePaths: [] }), granted).run({})).toEqual({ ok: true, value: null });
  });
});
