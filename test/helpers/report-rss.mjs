import fs from 'node:fs';

// Loaded with --import in child processes a test measures: reports the peak resident set size at exit.
process.on('exit', () => {
  fs.writeSync(2, `\nmax_rss_kb=${process.resourceUsage().maxRSS}\n`);
});
