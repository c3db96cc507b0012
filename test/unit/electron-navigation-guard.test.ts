import { describe, expect, it, vi } from 'vitest';
import { confirmExternalDialog } from '../../electron/main/external-link-dialog.ts';
import { externalOpener, guardNavigation, type GuardedContents, type NavigationEvent } from '../../electron/main/navigation-guard.ts';
import { denyAllPermissions, type PermissionSession } from '../../electron/main/permissions.ts';

function fakeShell() {
  return { openExternal: vi.fn(async (_url: string) => undefined) };
}

/** The shell plus main's confirmation, answered by the test: `yes` for every question unless told otherwise. */
function opener(answer = true) {
  const shell = fakeShell();
  const asked: string[] = [];
  const pending: Array<(yes: boolean) => void> = [];
  const open = externalOpener(shell, (url) => {
    asked.push(url);
    return answer ? Promise.resolve(true) : new Promise((resolve) => pending.push(resolve));
  });
  return { shell, asked, open, answer: (yes: boolean) => pending.shift()!(yes) };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

function fakeContents() {
  const listeners = new Map<string, (event: NavigationEvent) => void>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  const contents: GuardedContents = {
    on(event: string, listener: (event: NavigationEvent) => void) {
      listeners.set(event, listener);
      return contents;
    },
    setWindowOpenHandler(handler) {
      openHandler = handler;
    },
  };
  const navigate = (name: string, url: string, isMainFrame = true) => {
    const event = { url, isMainFrame, preventDefault: vi.fn() };
    listeners.get(name)?.(event);
    return event.preventDefault.mock.calls.length > 0;
  };
  const open = (url: string) => openHandler?.({ url });
  return { contents, navigate, open };
}

describe('navigation and new windows', () => {
  it('lets the window move inside app://shopfloor only', () => {
    const { open } = opener();
    const { contents, navigate } = fakeContents();
    guardNavigation(contents, open);
    expect(navigate('will-navigate', 'app://shopfloor/index.html#/journeys')).toBe(false);
    for (const url of ['https://evil.example/', 'app://evil/index.html', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url']) {
      expect(navigate('will-navigate', url), url).toBe(true);
      expect(navigate('will-redirect', url), url).toBe(true);
      expect(navigate('will-frame-navigate', url, false), url).toBe(true);
    }
  });

  it('opens a followed http(s) link in the browser instead, once the user confirms it, and nothing else', async () => {
    const { shell, asked, open } = opener();
    const { contents, navigate } = fakeContents();
    guardNavigation(contents, open);
    navigate('will-navigate', 'https://help.example.com/import');
    await settled();
    navigate('will-navigate', 'file:///etc/passwd');
    navigate('will-redirect', 'https://tracker.example/');
    await settled();
    expect(asked).toEqual(['https://help.example.com/import']);
    expect(shell.openExternal.mock.calls).toEqual([['https://help.example.com/import']]);
  });

  it('denies every window.open, asking about http(s) URLs only', async () => {
    const { shell, asked, open: openExternal } = opener();
    const { contents, open } = fakeContents();
    guardNavigation(contents, openExternal);
    expect(open('https://example.com/docs')).toEqual({ action: 'deny' });
    await settled();
    expect(open('app://shopfloor/index.html')).toEqual({ action: 'deny' });
    expect(open('javascript:alert(1)')).toEqual({ action: 'deny' });
    await settled();
    expect(asked).toEqual(['https://example.com/docs']);
    expect(shell.openExternal.mock.calls).toEqual([['https://example.com/docs']]);
  });

  it('opens nothing a page navigates to by script unless the user says so, and lets a page queue no dialogs', async () => {
    const { shell, asked, open, answer } = opener(false);
    expect(open('https://phish.example/login')).toBe(true);
    // While main's question is open, a flood of navigations asks nothing more.
    for (let index = 0; index < 50; index++) expect(open(`https://phish.example/${index}`)).toBe(false);
    answer(false);
    await settled();
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(open('https://shop.example/help')).toBe(true);
    answer(true);
    await settled();
    expect(asked).toEqual(['https://phish.example/login', 'https://shop.example/help']);
    expect(shell.openExternal.mock.calls).toEqual([['https://shop.example/help']]);
  });

  it('asks only about parsed http(s) URLs', async () => {
    const { shell, open } = opener();
    expect(open('https://example.com/a b')).toBe(true);
    await settled();
    expect(open('HTTP://Example.com')).toBe(true);
    await settled();
    for (const url of ['javascript:alert(1)', 'file:///C:/Windows/System32/calc.exe', 'smb://host/share', 'ms-settings:', 'data:text/html,x', 'https//missing-colon', '', 'http://', 'app://shopfloor/index.html']) {
      expect(open(url), url).toBe(false);
    }
    expect(shell.openExternal.mock.calls).toEqual([['https://example.com/a%20b'], ['http://example.com/']]);
  });

  it('asks in main\'s own dialog, in the OS language, with Cancel as the default', async () => {
    const shown: unknown[] = [];
    const confirm = confirmExternalDialog(async (options) => {
      shown.push(options);
      return { response: 1, checkboxChecked: false };
    }, () => 'ja-JP');
    expect(await confirm('https://example.com/')).toBe(false);
    expect(shown).toEqual([expect.objectContaining({ message: 'このアドレスをWebブラウザで開きますか？', detail: 'https://example.com/', defaultId: 1, cancelId: 1 })]);
  });
});

describe('permissions', () => {
  it('denies every permission request and check', () => {
    let request: Parameters<PermissionSession['setPermissionRequestHandler']>[0] | null = null;
    let check: Parameters<PermissionSession['setPermissionCheckHandler']>[0] | null = null;
    denyAllPermissions({
      setPermissionRequestHandler: (handler) => { request = handler; },
      setPermissionCheckHandler: (handler) => { check = handler; },
    });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) {
      const callback = vi.fn();
      request!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(check!({}, permission)).toBe(false);
    }
  });
});
