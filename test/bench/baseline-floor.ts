import fs from 'node:fs';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import { eventsSchema, floorInsert, floorPragmas } from './floor-sql.ts';

// Where the sqlite3 shell is not installed: the same SQL through better-sqlite3. `.import` is played by
// one transaction of plain INSERTs into a table of TEXT columns named by the header (as the shell does);
// with `floor`, the events schema and the one INSERT … SELECT follow. Prints its own time, without Node's start.
const [file, dbPath, mode] = [process.argv[2]!, process.argv[3]!, process.argv[4]!];
const started = performance.now();
const db = new Database(dbPath);
for (const pragma of floorPragmas) db.exec(pragma);
if (mode === 'floor') for (const sql of eventsSchema()) db.exec(sql);
let insert: Database.Statement | undefined;
db.exec('BEGIN');
await new Promise<void>((resolve, reject) => {
  Papa.parse<string[]>(fs.createReadStream(file, { encoding: 'utf8' }), {
    chunk: (results) => {
      for (const cells of results.data) {
        if (insert === undefined) {
          db.exec(`CREATE TABLE pos (${cells.map((name) => `"${name.replaceAll('"', '""')}" TEXT`).join(', ')})`);
          insert = db.prepare(`INSERT INTO pos VALUES (${cells.map(() => '?').join(', ')})`);
        } else if (cells.length > 1 || cells[0] !== '') {
          insert.run(cells);
        }
      }
    },
    complete: () => resolve(),
    error: reject,
  });
});
db.exec('COMMIT');
if (mode === 'floor') db.exec(floorInsert);
const events = mode === 'floor' ? db.prepare('SELECT count(*) FROM events').pluck().get() as number : 0;
db.close();
process.stdout.write(`${JSON.stringify({ ms: performance.now() - started, events })}\n`);
