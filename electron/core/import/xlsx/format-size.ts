const UNITS = ['KB', 'MB', 'GB', 'TB'] as const;

/** A byte count as a clerk reads it: "512 bytes", "32 MB", "1.5 GB" (1 KB = 1024 bytes). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  let value = bytes;
  let unit: string = 'bytes';
  for (const next of UNITS) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  const rounded = value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} ${unit}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
