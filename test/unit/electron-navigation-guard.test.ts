import { describe, expect, it, vi } from 'vitest';
import { guardNavigation, openExternalSafely, type GuardedContents, type NavigationEvent } from '../../electron/main/navigation-guard.ts';
import { denyAllPermissions, type PermissionSession } from '../../electron/main/permissions.ts';

function fakeShell() {
  return { openExternal: vi.fn(async (_url: string) => undefined) };
}

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
    const shell = fakeShell();
    const { contents, navigate } = fakeContents();
    guardNavigation(contents, shell);
    expect(navigate('will-navigate', 'app://shopfloor/index.html#/journeys')).toBe(false);
    for (const url of ['https://evil.example/', 'app://evil/index.html', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url']) {
      expect(navigate('will-navigate', url), url).toBe(true);
      expect(navigate('will-redirect', url), url).toBe(true);
      expect(navigate('will-frame-navigate', url, false), url).toBe(true);
    }
  });

  it('opens a followed http(s) link in the browser instead, and nothing else', () => {
    const shell = fakeShell();
    const { contents, navigate } = fakeContents();
    guardNavigation(contents, shell);
    navigate('will-navigate', 'https://help.example.com/import');
    navigate('will-navigate', 'file:///etc/passwd');
    navigate('will-redirect', 'https://tracker.example/');
    expect(shell.openExternal.mock.calls).toEqual([['https://help.example.com/import']]);
  });

  it('denies every window.open, handing only http(s) URLs to the browser', () => {
    const shell = fakeShell();
    const { contents, open } = fakeContents();
    guardNavigation(contents, shell);
    expect(open('https://example.com/docs')).toEqual({ action: 'deny' });
    expect(open('app://shopfloor/index.html')).toEqual({ action: 'deny' });
    expect(open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls).toEqual([['https://example.com/docs']]);
  });

  it('hands the browser only parsed http(s) URLs', () => {
    const shell = fakeShell();
    expect(openExternalSafely(shell, 'https://example.com/a b')).toBe(true);
    expect(openExternalSafely(shell, 'HTTP://Example.com')).toBe(true);
    for (const url of ['javascript:alert(1)', 'file:///C:/Windows/System32/calc.exe', 'smb://host/share', 'ms-settings:', 'data:text/html,x', 'https//missing-colon', '', 'http://', 'app://shopfloor/index.html']) {
      expect(openExternalSafely(shell, url), url).toBe(false);
    }
    expect(shell.openExternal.mock.calls).toEqual([['https://example.com/a%20b'], ['http://example.com/']]);
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
