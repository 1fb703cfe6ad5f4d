// A small PNG line chart of a demo run's summary.csv, so the demo has an image result
// like the plots real JUNE runs write. Hand-encoded (palette PNG, one deflated IDAT)
// because an image library would be a dependency for the sake of one demo file.
import zlib from 'node:zlib';

const WIDTH = 360;
const HEIGHT = 220;
const MARGIN = { left: 28, right: 10, top: 10, bottom: 22 };
// Palette indices: background, grid, axes, then one colour per series.
const PALETTE = [
  [255, 255, 255],
  [229, 231, 235],
  [107, 114, 128],
  [37, 99, 235],
  [220, 38, 38],
  [22, 163, 74],
];
const BG = 0,
  GRID = 1,
  AXIS = 2,
  FIRST_SERIES = 3;
const SERIES = ['susceptible', 'infected', 'recovered'];

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([head, body, crc]);
}

export function encodePalettePng(width: number, height: number, pixels: Uint8Array, palette: number[][]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 3, 0, 0, 0], 8); // 8-bit palette indices, deflate, no filter, no interlace
  // Every scanline starts with its filter type (0: none).
  const raw = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('PLTE', Buffer.from(palette.flat())),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The susceptible, infected and recovered columns of `csv` over its rows, as a PNG. */
export function curvePng(csv: string): Buffer {
  const [header, ...rows] = csv
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  const cols = SERIES.map((name) => header!.indexOf(name));
  const values = rows.map((r) => cols.map((c) => Number(r[c])));
  const max = Math.max(1, ...values.flat());
  const px = new Uint8Array(WIDTH * HEIGHT).fill(BG);
  const set = (x: number, y: number, c: number) => {
    if (x >= 0 && x < WIDTH && y >= 0 && y < HEIGHT) px[y * WIDTH + x] = c;
  };
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const bottom = MARGIN.top + plotH;
  for (let q = 1; q <= 4; q++)
    for (let x = MARGIN.left; x < WIDTH - MARGIN.right; x++) set(x, bottom - Math.round((plotH * q) / 4), GRID);
  for (let x = MARGIN.left; x < WIDTH - MARGIN.right; x++) set(x, bottom, AXIS);
  for (let y = MARGIN.top; y <= bottom; y++) set(MARGIN.left, y, AXIS);
  const at = (i: number, v: number): [number, number] => [
    MARGIN.left + Math.round((plotW * i) / Math.max(1, values.length - 1)),
    bottom - Math.round((plotH * v) / max),
  ];
  for (let s = 0; s < SERIES.length; s++) {
    for (let i = 1; i < values.length; i++) {
      const [x0, y0] = at(i - 1, values[i - 1]![s]!);
      const [x1, y1] = at(i, values[i]![s]!);
      const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
      for (let k = 0; k <= steps; k++) {
        const x = Math.round(x0 + ((x1 - x0) * k) / steps);
        const y = Math.round(y0 + ((y1 - y0) * k) / steps);
        // Two pixels thick, so the line reads at thumbnail size.
        set(x, y, FIRST_SERIES + s);
        set(x, y - 1, FIRST_SERIES + s);
      }
    }
  }
  return encodePalettePng(WIDTH, HEIGHT, px, PALETTE);
}
