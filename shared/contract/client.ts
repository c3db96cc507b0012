import type { EventName, EventPayload } from './events.ts';
import type { MethodInput, MethodName, MethodOutput } from './methods.ts';
import type { Result } from './result.ts';
import type { ApiError } from './schemas.ts';

/** How the UI reaches the core: Electron's preload bridge, or the browser harness over HTTP/WebSocket. */
export interface Transport {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

/** The typed client the renderer uses; nothing else talks to the core. */
export interface Client {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createClient(transport: Transport): Client {
  return {
    async call(method, input) {
      const result = await transport.invoke(method, input);
      if (!result.ok) throw new ApiCallError(result.error);
      return result.value as never;
    },
    on(event, listener) {
      return transport.on(event, listener as (payload: unknown) => void);
    },
  };
}
