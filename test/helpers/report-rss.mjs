import fs from 'node:fs';

// Loaded with --import in child processes a test or benchmark measures: reports at exit the peak resident
// set size and the CPU time used (user + system, all threads), which a loaded machine inflates far less than wall time.
process.on('exit', () => {
  const usage = process.resourceUsage();
  fs.writeSync(2, `\nmax_rss_kb=${usage.maxRSS} cpu_ms=${((usage.userCPUTime + usage.systemCPUTime) / 1000).toFixed(1)}\n`);
});
