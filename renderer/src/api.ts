import { createClient, type Client } from '../../shared/contract/client.ts';
import { createElectronTransport, electronBridge } from './transport/electron-transport.ts';
import { createHarnessTransport, harnessToken } from './transport/harness-transport.ts';
import type { AppTransport } from './transport/transport.ts';

function createTransport(): AppTransport {
  const bridge = electronBridge();
  if (bridge) return createElectronTransport(bridge);
  const token = harnessToken();
  if (!token) throw new Error('Open the address the harness printed (it carries the access token).');
  return createHarnessTransport(token);
}

/** The one way the UI talks to the core. */
export const transport: AppTransport = createTransport();
export const api: Client = createClient(transport);
