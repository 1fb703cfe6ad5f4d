// Draws build/icon.png (512×512), the app icon electron-builder turns into .icns/.ico:
// a rounded tile with three run rows, the last one still running. Plain Node (zlib)
// so it needs no image tools: `node build/make-icon.mjs`.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const SIZE = 512;
const SS = 4; // samples per axis per pixel, for smooth edges

function roundedRect(x, y, rx, ry, w, h, r) {
  const cx = Math.min(Math.max(x, rx + r), rx + w - r);
  const cy = Math.min(Math.max(y, ry + r), ry + h - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= rx && x <= rx + w && y >= ry && y <= ry + h;
}

const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);
const TOP = [38, 120, 146];
const BOTTOM = [16, 52, 70];
const WHITE = [255, 255, 255];
const AMBER = [244, 180, 52];
const rows = [
  { y: 142, w: 300, color: WHITE, alpha: 1 },
  { y: 232, w: 236, color: WHITE, alpha: 0.85 },
  { y: 322, w: 172, color: AMBER, alpha: 1 },
];

/** RGBA of one sample point. */
function sample(x, y) {
  if (!roundedRect(x, y, 24, 24, 464, 464, 104)) return [0, 0, 0, 0];
  let c = mix(TOP, BOTTOM, (y - 24) / 464);
  for (const r of rows) {
    if (roundedRect(x, y, 136, r.y, r.w, 48, 24)) c = mix(c, r.color, r.alpha);
    // a status dot in front of each row
    if ((x - 96) ** 2 + (y - (r.y + 24)) ** 2 <= 20 ** 2) c = mix(c, r.color, r.alpha);
  }
  return [...c, 255];
}

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let py = 0; py < SIZE; py++) {
  raw[py * (SIZE * 4 + 1)] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const s = sample(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
        // premultiply so transparent samples do not darken the edge
        acc[0] += s[0] * s[3];
        acc[1] += s[1] * s[3];
        acc[2] += s[2] * s[3];
        acc[3] += s[3];
      }
    }
    const o = py * (SIZE * 4 + 1) + 1 + px * 4;
    const a = acc[3] / (SS * SS);
    raw[o] = acc[3] ? Math.round(acc[0] / acc[3]) : 0;
    raw[o + 1] = acc[3] ? Math.round(acc[1] / acc[3]) : 0;
    raw[o + 2] = acc[3] ? Math.round(acc[2] / acc[3]) : 0;
    raw[o + 3] = Math.round(a);
  }
}

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'icon.png');
fs.writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
