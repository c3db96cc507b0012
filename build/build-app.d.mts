export const ROOT: string;
export function buildShell(root?: string, outDir?: string): Promise<void>;
export function buildRenderer(root?: string): void;
export function buildApp(root?: string): Promise<void>;
