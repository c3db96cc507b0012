export function cliDir(root?: string): string;
export function cliIsFresh(root?: string): boolean;
export function buildCli(root?: string): Promise<void>;
export function ensureCli(root?: string): Promise<boolean>;
