/** The slice of Electron's `app` used here. */
export interface QuittingApp {
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/** Holds the quit until the core has closed (scheduler stopped, imports cancelled, database closed). */
export function closeCoreOnQuit(app: QuittingApp, core: { close(): Promise<void> }, onError: (error: unknown) => void): void {
  let state: 'open' | 'closing' | 'closed' = 'open';
  app.on('will-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    core.close().catch(onError).finally(() => {
      state = 'closed';
      app.quit();
    });
  });
}
