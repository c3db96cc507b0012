#!/usr/bin/env node
// `npm start`: the desktop app arrives with the UI issue; until then, point to the command line.
console.log(`Shopfloor ${process.env.npm_package_version ?? ''}
The desktop window arrives in a later version. Everything works from the command line today:

  npm run cli -- import FILE [--kind pos|members|online] [--tz Asia/Tokyo]
  npm run cli -- batches
  npm run cli -- commit --all
  npm run cli -- timeline USER_ID

See README.md for the whole command line.`);
