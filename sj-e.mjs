import { Worker, isMainThread, workerData, parentPort } from 'node:worker_threads';
import fs from 'node:fs';
if (isMainThread) {
  for (const f of process.argv.slice(3)) {
    const w = new Worker(new URL(import.meta.url), { workerData: f, resourceLimits: { maxOldGenerationSizeMb: Number(process.argv[2]), maxYoungGenerationSizeMb: 32 } });
    const t = Date.now();
    await new Promise((res) => { w.on('message', (m) => console.log(f, m, Date.now()-t)); w.on('error', (e) => { console.log(f, 'ERR', e.code, Date.now()-t); }); w.on('exit', res); });
  }
} else {
  const XLSX = await import('xlsx');
  const buf = fs.readFileSync(workerData);
  const r = XLSX.read(buf, {type:'buffer', dense:true, cellText:false, cellDates:false, cellFormula:false, cellHTML:false, sheets: 0});
  parentPort.postMessage(Math.round(process.memoryUsage().heapUsed/1e6));
}
