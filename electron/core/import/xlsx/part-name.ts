/**
 * The zip entry name a relationship target points at, or undefined when the target leaves the package
 * (`../../etc/passwd`, `file:///…`, `https://…`). Targets are relative to the folder of the part that
 * holds the relationship (`xl/` for the workbook) or absolute from the package root (`/xl/…`).
 */
export function resolvePartName(sourcePart: string, target: string): string | undefined {
  const path = target.replaceAll('\\', '/');
  if (path === '' || /^[a-z][a-z0-9+.-]*:/i.test(path)) return undefined;
  const base = path.startsWith('/') ? [] : sourcePart.split('/').slice(0, -1);
  const segments = [...base];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return undefined;
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return segments.length === 0 ? undefined : segments.join('/');
}

/** `sheet%201.xml` as stored in the zip (`sheet 1.xml`), when the target is percent-encoded. */
export function decodePartName(name: string): string | undefined {
  if (!name.includes('%')) return undefined;
  try {
    return decodeURIComponent(name);
  } catch {
    return undefined;
  }
}
