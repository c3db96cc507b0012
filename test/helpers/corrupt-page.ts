import fs from 'node:fs';

/** Overwrites one page of a SQLite file (1-based, page 1 is the header) with garbage, as a failing disk would. */
export function corruptPage(file: string, page: number): void {
  const header = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r+');
  try {
    fs.readSync(fd, header, 0, 100, 0);
    const raw = header.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    const garbage = Buffer.alloc(pageSize, 0xa5);
    fs.writeSync(fd, garbage, 0, pageSize, (page - 1) * pageSize);
  } finally {
    fs.closeSync(fd);
  }
}
