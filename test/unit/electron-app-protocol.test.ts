import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, createAppHandler, registerAppScheme } from '../../electron/main/app-protocol.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir('shopfloor-app-protocol-');
let root = '';
let outside = '';
let handler: ReturnType<typeof createAppHandler>;

beforeAll(() => {
  const base = tempDir();
  root = path.join(base, 'renderer');
  outside = path.join(base, 'secret.txt');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Shopfloor</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app-1234.js'), 'console.log("ui")');
  fs.writeFileSync(path.join(base, 'package.json'), '{"secret":true}');
  fs.writeFileSync(outside, 'secret');
  fs.symlinkSync(outside, path.join(root, 'leak.txt'));
  fs.symlinkSync(base, path.join(root, 'up'));
  fs.symlinkSync(path.join(root, 'index.html'), path.join(root, 'home.html'));
  handler = createAppHandler(root);
});

const get = (url: string, method = 'GET') => handler({ url, method });

describe('the app:// protocol', () => {
  it('serves index.html with the strict CSP, and for the bare origin', async () => {
    for (const url of ['app://shopfloor/index.html', 'app://shopfloor/', 'app://shopfloor']) {
      const response = await get(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await response.text()).toContain('<title>Shopfloor</title>');
    }
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
  });

  it('serves an asset with its type and without the page CSP', async () => {
    const response = await get('app://shopfloor/assets/app-1234.js?v=1#x');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBeNull();
    expect(await response.text()).toBe('console.log("ui")');
  });

  it('follows a symlink that stays inside the UI folder', async () => {
    expect((await get('app://shopfloor/home.html')).status).toBe(200);
  });

  it('refuses every path outside the UI folder', async () => {
    const escapes = [
      'app://shopfloor/../package.json',
      'app://shopfloor/assets/../../package.json',
      'app://shopfloor/%2e%2e/package.json',
      'app://shopfloor/.%2E/package.json',
      'app://shopfloor/..%2fpackage.json',
      'app://shopfloor/%2e%2e%2fpackage.json',
      'app://shopfloor/assets%2f..%2f..%2fpackage.json',
      'app://shopfloor/..%5cpackage.json',
      'app://shopfloor//etc/passwd',
      'app://shopfloor/%2fetc%2fpasswd',
      `app://shopfloor/${encodeURIComponent(outside)}`,
      'app://shopfloor/C:%5CWindows%5Cwin.ini',
      'app://shopfloor/C:/Windows/win.ini',
      'app://shopfloor/index.html%00.png',
      'app://shopfloor/%00',
      'app://shopfloor/leak.txt',
      'app://shopfloor/up/secret.txt',
      'app://shopfloor/up/package.json',
    ];
    for (const url of escapes) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('secret');
    }
  });

  it('answers 404 for folders, missing files, other hosts, bad encodings and non-GET methods', async () => {
    for (const url of ['app://shopfloor/assets', 'app://shopfloor/assets/', 'app://shopfloor/missing.js', 'app://other/index.html', 'https://shopfloor/index.html', 'app://shopfloor/%E0%A4%A']) {
      expect((await get(url)).status, url).toBe(404);
    }
    expect((await get('app://shopfloor/index.html', 'POST')).status).toBe(404);
  });

  it('serves only the one origin the window and the IPC check accept: no port, no user', async () => {
    for (const url of ['app://shopfloor:80/index.html', 'app://shopfloor:443/', 'app://user@shopfloor/index.html', 'app://user:pw@shopfloor/', 'app://shopfloor.:1/index.html']) {
      expect((await get(url)).status, url).toBe(404);
    }
  });

  it('registers app:// as a standard, secure scheme', () => {
    const registered: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => registered.push(...schemes) });
    expect(registered).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
  });
});
