export const importKinds = ['pos', 'members', 'online'] as const;
export type ImportKind = (typeof importKinds)[number];

export function isImportKind(value: string): value is ImportKind {
  return (importKinds as readonly string[]).includes(value);
}
