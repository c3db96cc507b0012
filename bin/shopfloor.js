#!/usr/bin/env node
// The installed `shopfloor` command: the bundled command line in dist/cli (`npm run build:cli`; `npm install` builds it).
import fs from 'node:fs';

const bundle = new URL('../dist/cli/shopfloor.mjs', import.meta.url);
if (fs.existsSync(bundle)) {
  await import(bundle.href);
} else {
  process.stderr.write('shopfloor: the command line is not built yet: run `npm run build:cli` (npm install does it too)\n');
  process.exitCode = 2;
}
