import { z } from 'zod';
import { isMethodName, methods } from '../../shared/contract/methods.ts';
import type { Result } from '../../shared/contract/result.ts';
import type { GrantedPaths } from './granted-paths.ts';
import { PATH_METHODS } from './granted-paths.ts';
import { checkImportFile, type ImportFile } from './import-file-check.ts';
import { isTrustedSender, type OwnContents, type SenderEvent } from './sender-check.ts';

/** What the entry needs from the core: CoreHost fits. */
export interface CoreInvoker {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
}

/** A method main answers itself (a native dialog), with its own input schema. */
export interface ShellMethod {
  input: z.ZodType;
  run(input: unknown): Promise<Result<unknown>>;
}

export interface InvokeDeps {
  core: CoreInvoker;
  getContents: () => OwnContents | null;
  shellMethods?: ReadonlyMap<string, ShellMethod>;
  /** When given, a method that names a file must name one the user granted (dialog or drop). */
  granted?: GrantedPaths;
}

const payloadSchema = z.strictObject({ method: z.string().min(1).max(200), input: z.unknown() });

/**
 * The one `shopfloor:invoke` handler: checks the sender frame, parses the payload and the method's
 * input with the contract, runs the shell's own method or the core's, and never throws.
 */
export function createInvokeHandler(deps: InvokeDeps): (event: SenderEvent, payload: unknown) => Promise<Result<unknown>> {
  return async (event, payload) => {
    try {
      if (!isTrustedSender(event, deps.getContents())) return forbidden();
      const parsed = payloadSchema.safeParse(payload);
      if (!parsed.success) return badRequest(`expected { method, input }: ${describeIssues(parsed.error)}`);
      const { method } = parsed.data;
      const input = parsed.data.input ?? {};
      const shellMethod = deps.shellMethods?.get(method);
      if (shellMethod) {
        const checked = shellMethod.input.safeParse(input);
        return checked.success ? await shellMethod.run(checked.data) : badRequest(describeIssues(checked.error));
      }
      if (!isMethodName(method)) return { ok: false, error: { code: 'unknown_method', message: `no method "${method}"` } };
      const checked = methods[method].input.safeParse(input);
      if (!checked.success) return badRequest(describeIssues(checked.error));
      const named = (checked.data as { path?: unknown }).path;
      // Methods that can go without a path (a backup by name, the default backup folder) are checked when they name one.
      if (deps.granted && PATH_METHODS.has(method) && named != null && !deps.granted.has(named)) {
        return { ok: false, error: { code: 'file_not_granted', message: 'choose the file with the Import button or drop it on the window' } };
      }
      // The core parses again and applies defaults: it is the contract's owner, main only guards the door.
      return await deps.core.invoke(method, input);
    } catch (error) {
      return internal(error);
    }
  };
}

export interface DroppedDeps {
  getContents: () => OwnContents | null;
  granted?: GrantedPaths;
  /** Pushes `files.dropped` to the window. */
  pushDropped(file: ImportFile): void;
}

/** The `shopfloor:dropped` handler: the preload sends a dropped file's path; main re-checks it before anyone uses it. */
export function createDroppedHandler(deps: DroppedDeps): (event: SenderEvent, path: unknown) => Promise<Result<ImportFile>> {
  return async (event, path) => {
    try {
      if (!isTrustedSender(event, deps.getContents())) return forbidden();
      const checked = await checkImportFile(path);
      if (checked.ok) {
        deps.granted?.grant(checked.value.path);
        deps.pushDropped(checked.value);
      }
      return checked;
    } catch (error) {
      return internal(error);
    }
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ');
}

function forbidden(): Result<never> {
  return { ok: false, error: { code: 'forbidden_sender', message: 'this message did not come from the Shopfloor window' } };
}

function badRequest(message: string): Result<never> {
  return { ok: false, error: { code: 'bad_request', message } };
}

function internal(error: unknown): Result<never> {
  return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
}
