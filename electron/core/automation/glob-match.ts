/**
 * Whether a file name matches a watch-folder pattern: `*` is any run of characters, `?` one character,
 * anything else itself, ignoring case. Greedy, with one backtracking point (the last `*`), so a match
 * takes at most pattern × name steps however many stars there are. A pattern turned into a regular
 * expression (`*` → `.*`, as picomatch does too) backtracks once per star: eight stars against one
 * long name kept the main process's loop busy for minutes, at every tick.
 */
export function globMatch(pattern: string, name: string): boolean {
  const glob = Array.from(pattern.toLowerCase());
  const text = Array.from(name.toLowerCase());
  let g = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (g < glob.length && glob[g] === '*') {
      star = g++;
      resume = t;
    } else if (g < glob.length && (glob[g] === '?' || glob[g] === text[t])) {
      g++;
      t++;
    } else if (star >= 0) {
      // Let the last star take one more character and try the rest of the pattern again.
      g = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') g++;
  return g === glob.length;
}
