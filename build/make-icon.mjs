// Draws build/icon.png (512×512, a storefront on a rounded tile) with plain code; electron-builder derives .icns/.ico from it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const SIZE = 512;
const WHITE = [255, 255, 255];
const ORANGE = [244, 162, 89];
const GLASS = [191, 227, 238];
const DEEP = [11, 79, 108];

const inRect = (x, y, x0, y0, x1, y1) => x >= x0 && x < x1 && y >= y0 && y < y1;

function inRoundedTile(x, y) {
  const r = 100;
  const cx = Math.min(Math.max(x, 32 + r), 480 - r);
  const cy = Math.min(Math.max(y, 32 + r), 480 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && inRect(x, y, 32, 32, 480, 480);
}

/** The colour of one sample point, painted back to front; null outside the tile. */
function paint(x, y) {
  if (!inRoundedTile(x, y)) return null;
  const t = (y - 32) / 448;
  let color = [31 + (11 - 31) * t, 122 + (79 - 122) * t, 140 + (108 - 140) * t];
  if (inRect(x, y, 140, 215, 372, 380)) color = WHITE;
  if (inRect(x, y, 160, 245, 210, 290) || inRect(x, y, 302, 245, 352, 290)) color = GLASS;
  if (inRect(x, y, 226, 290, 286, 380)) color = DEEP;
  if (inRect(x, y, 120, 380, 392, 396)) color = WHITE;
  const stripe = Math.floor((x - 120) / (272 / 6));
  const scallop = (x - 120) % (272 / 6) - 272 / 12;
  if (inRect(x, y, 120, 150, 392, 215) || (x >= 120 && x < 392 && y >= 215 && scallop ** 2 + (y - 215) ** 2 <= (272 / 12) ** 2)) {
    color = stripe % 2 === 0 ? ORANGE : WHITE;
  }
  return color;
}

function pixels() {
  const samples = [0.25, 0.75];
  const rows = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y += 1) {
    rows[y * (SIZE * 4 + 1)] = 0;
    for (let x = 0; x < SIZE; x += 1) {
      let r = 0; let g = 0; let b = 0; let a = 0;
      for (const sy of samples) {
        for (const sx of samples) {
          const c = paint(x + sx, y + sy);
          if (c) { r += c[0]; g += c[1]; b += c[2]; a += 1; }
        }
      }
      const at = y * (SIZE * 4 + 1) + 1 + x * 4;
      if (a > 0) { rows[at] = r / a; rows[at + 1] = g / a; rows[at + 2] = b / a; }
      rows[at + 3] = Math.round((a / 4) * 255);
    }
  }
  return rows;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function iconPng() {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(pixels(), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'icon.png');
  fs.writeFileSync(out, iconPng());
  console.log(`Wrote ${out}`);
}
