import fs from 'node:fs';
import path from 'node:path';
import { ShopfloorError } from '../errors.ts';

// statfs f_type of network file systems on Linux (linux/magic.h): NFS, SMB, CIFS, SMB2, Coda, NCP, AFS, kAFS, 9P, Ceph.
const NETWORK_FILE_SYSTEMS = new Set([0x6969, 0x517b, 0xff534d42, 0xfe534d42, 0x73757245, 0x564c, 0x5346414f, 0x6b414653, 0x01021997, 0x00c36400]);

/**
 * A folder Shopfloor may watch: an absolute path to an existing local folder. Network and UNC paths
 * (`\\server\share`, `//server/share`, a Linux NFS or SMB mount) are refused: anyone who can write
 * there could feed the store files with nobody watching, and a share that hangs would stall the loop.
 */
export function checkFolderPath(raw: string, code = 'bad_folder'): string {
  const refuse = (why: string) => new ShopfloorError(code, `folder: ${why}`);
  if (raw.length === 0 || raw.length > 4096 || raw.includes('\0')) throw refuse('not a folder path');
  if (/^[\\/]{2}/.test(raw)) throw refuse('a network (UNC) path cannot be watched: choose a folder on this computer');
  if (!path.isAbsolute(raw)) throw refuse('the path is not absolute');
  const folder = path.resolve(raw);
  let info: fs.Stats;
  try {
    info = fs.statSync(folder);
  } catch {
    throw refuse('the folder does not exist or cannot be read');
  }
  if (!info.isDirectory()) throw refuse('not a folder');
  if (process.platform === 'linux' && NETWORK_FILE_SYSTEMS.has(fs.statfsSync(folder).type)) throw refuse('a network folder cannot be watched: choose a folder on this computer');
  return folder;
}
