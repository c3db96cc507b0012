import fs from 'node:fs';
import Papa from 'papaparse';

// Baseline: papaparse alone streaming the same file, counting rows.
let rows = 0;
await new Promise<void>((resolve, reject) => {
  Papa.parse(fs.createReadStream(process.argv[2]!, { encoding: 'utf8' }), {
    chunk: (results) => { rows += results.data.length; },
    complete: () => resolve(),
    error: reject,
  });
});
process.stdout.write(`${rows}\n`);
