/** Whether `version` (e.g. "20.19.0" or "v22.12.1") is at least `minimum`. */
export function isAtLeast(version, minimum) {
  const parse = (text) => text.replace(/^v/, '').split('.').map((part) => Number.parseInt(part, 10) || 0);
  const have = parse(version);
  const need = parse(minimum);
  for (let i = 0; i < need.length; i += 1) {
    if ((have[i] ?? 0) !== need[i]) return (have[i] ?? 0) > need[i];
  }
  return true;
}

/** Stops with one clear line when this Node is older than `minimum`. */
export function requireNode(minimum, what, why) {
  if (isAtLeast(process.versions.node, minimum)) return;
  console.error(`Shopfloor: ${what} needs Node ${minimum} or newer (${why}); this is Node ${process.versions.node}. Tests and the command line run on Node 20.`);
  process.exit(1);
}
