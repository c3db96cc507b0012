export function isAtLeast(version: string, minimum: string): boolean;
export function requireNode(minimum: string, what: string, why: string): void;
