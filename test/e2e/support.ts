import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { repoRoot } from '../helpers/run-cli.ts';

export const screenshotDir = path.join(repoRoot, 'test-output', 'screenshots');

export interface DevWeb {
  url: string;
  dbPath: string;
  stop(): Promise<void>;
}

function ensureBuiltUi(): void {
  if (fs.existsSync(path.join(repoRoot, 'dist/renderer/index.html'))) return;
  const built = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('could not build the UI (vite build)');
}

export interface DevWebOptions {
  tickMs?: number;
  /** What the stand-in for the app's folder dialog answers (`--folder-dialog`). */
  folderDialog?: string;
  nodeFlags?: readonly string[];
}

/** `npm run dev:web` as a child process on a fresh database; resolves with the URL it prints. */
export async function startDevWeb(dbPath: string, options: DevWebOptions = {}): Promise<DevWeb> {
  ensureBuiltUi();
  const args = ['--db', dbPath, '--port', '0', '--tick-ms', String(options.tickMs ?? 0), ...(options.folderDialog ? ['--folder-dialog', options.folderDialog] : [])];
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeFlags ?? []), '--import', 'tsx', path.join(repoRoot, 'electron/core/host/dev-web.ts'), ...args], {
    cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev:web did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`dev:web exited ${code}: ${output}`)));
  });
  return {
    url,
    dbPath,
    stop: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export interface Harness {
  readonly web: DevWeb;
  readonly browser: Browser;
}

/**
 * `npm run dev:web` on the store file `database` prepares, and a browser, for the test file's tests.
 * Hooks registered after this one run their set-up with both started, and their tear-down before both stop.
 */
export function useHarness(database: () => string | Promise<string>, options: () => DevWebOptions = () => ({})): Harness {
  let web: DevWeb | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    const db = await database();
    web = await startDevWeb(db, options());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the harness starts in beforeAll: use it inside tests and hooks');
    return value;
  };
  return {
    get web() { return started(web); },
    get browser() { return started(browser); },
  };
}

export async function openApp(browser: Browser, url: string, options: { width?: number; height?: number; locale?: string } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 800 }, locale: options.locale ?? 'en-US' });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('navigation').waitFor();
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/**
 * Elements whose text is cut off or that stick out of the window: what a clerk would see as broken.
 * Ellipsis on purpose (grid cells) is allowed when the full text is in a title or the cell's own content.
 */
export function findOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const describe = (element: Element) => `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className && typeof element.className === 'string' ? `.${element.className.split(' ').join('.')}` : ''} "${(element.textContent ?? '').trim().slice(0, 40)}"`;
    if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth}px > ${window.innerWidth}px)`);
    for (const element of document.querySelectorAll('button, a, label, h1, h2, h3, th, td, span, p, li, option, .badge')) {
      const style = getComputedStyle(element);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const html = element as HTMLElement;
      if (html.closest('.grid-scroller, .allow-scroll')) continue;
      if (style.textOverflow === 'ellipsis') continue;
      if (html.scrollWidth > html.clientWidth + 1 && (style.overflowX === 'hidden' || style.overflowX === 'clip')) problems.push(`cut off: ${describe(element)}`);
      const rect = html.getBoundingClientRect();
      if (rect.width > 0 && rect.right > window.innerWidth + 1 && !html.closest('.app-main')) problems.push(`outside the window: ${describe(element)}`);
    }
    return problems;
  });
}
