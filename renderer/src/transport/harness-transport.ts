import { ApiCallError } from '../../../shared/contract/client.ts';
import type { Result } from '../../../shared/contract/result.ts';
import type { AppTransport, PickedFile } from './transport.ts';

/** The browser harness: the token from the URL fragment, JSON over HTTP, events as a server-sent stream. */
export function createHarnessTransport(token: string): AppTransport {
  const headers = { authorization: `Bearer ${token}` };
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let streaming = false;

  async function stream(): Promise<void> {
    if (streaming) return;
    streaming = true;
    for (;;) {
      try {
        const response = await fetch('/api/events', { headers });
        const reader = response.body!.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (frame.startsWith('data: ')) {
              const { event, payload } = JSON.parse(frame.slice(6)) as { event: string; payload: unknown };
              for (const listener of listeners.get(event) ?? []) listener(payload);
            }
            end = buffer.indexOf('\n\n');
          }
        }
      } catch {
        // The harness restarted or the network blinked: reconnect shortly.
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  async function upload(file: File, onProgress?: (fraction: number) => void): Promise<PickedFile> {
    onProgress?.(0);
    const response = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, { method: 'POST', headers, body: file });
    if (!response.ok) throw new Error(`upload failed (${response.status})`);
    onProgress?.(1);
    return response.json() as Promise<PickedFile>;
  }

  return {
    kind: 'harness',
    async invoke(method, input) {
      const response = await fetch('/api/invoke', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ method, input }) });
      if (!response.ok) return { ok: false, error: { code: 'transport', message: `the harness answered ${response.status}` } } as Result<unknown>;
      return response.json() as Promise<Result<unknown>>;
    },
    on(event, listener) {
      void stream();
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    pickImportFile: () => chooseAndUpload('.csv,.tsv,.txt,.xlsx,.xls,.xlsb,.ods'),
    pickWatchFolder: chooseFolder,
    // The harness's stand-in for main's folder dialog grants the folder, as the dialog does in the app.
    pickBackupFolder: chooseFolder,
    pickBackupFile: () => chooseAndUpload('.db'),
    fromFile: (file, onProgress) => upload(file, onProgress),
  };

  function chooseAndUpload(accept: string): Promise<PickedFile | null> {
    return new Promise((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = accept;
      input.addEventListener('change', () => {
        const file = input.files?.[0];
        resolve(file ? upload(file) : null);
      });
      input.click();
    });
  }

  async function chooseFolder(): Promise<string | null> {
    const response = await fetch('/api/choose-folder', { method: 'POST', headers });
    if (response.status === 422) throw new ApiCallError(await response.json() as { code: string; message: string });
    if (!response.ok) throw new Error(await response.text());
    return ((await response.json()) as { path: string } | null)?.path ?? null;
  }
}

export function harnessToken(): string | null {
  const match = /token=([\w-]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem('shopfloor-token', match[1]!);
    history.replaceState(null, '', location.pathname);
    return match[1]!;
  }
  return sessionStorage.getItem('shopfloor-token');
}
