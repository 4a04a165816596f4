/**
 * Windows `.ico` and macOS `.icns` files from rendered images, written by hand (both formats are a
 * small directory in front of the images), so making installers needs no icon tool download.
 */

/** One rendering of the icon: its PNG file and its raw RGBA pixels (row by row, top first). */
export interface IconImage {
  size: number;
  png: Buffer;
  rgba: Uint8Array;
}

/** The `.icns` entry types that hold a PNG, with the pixel size each one stands for. */
export const ICNS_ENTRY_TYPES: ReadonlyArray<readonly [type: string, size: number]> = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

/** The sizes Windows picks from for the taskbar, Explorer views and the installer. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

/** Every size of the icon `.icns` and `.ico` need. */
export function containerSizes(): number[] {
  return [...new Set([...ICO_SIZES, ...ICNS_ENTRY_TYPES.map(([, size]) => size)])].sort((a, b) => a - b);
}

function imageOfSize(images: readonly IconImage[], size: number): IconImage {
  const image = images.find((candidate) => candidate.size === size);
  if (!image) throw new Error(`No ${size}×${size} rendering of the icon was made.`);
  return image;
}

export function encodeIcns(images: readonly IconImage[]): Buffer {
  const entries = ICNS_ENTRY_TYPES.map(([type, size]) => {
    const png = imageOfSize(images, size).png;
    const header = Buffer.alloc(8);
    header.write(type, 0, 'latin1');
    header.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([header, png]);
  });
  const body = Buffer.concat(entries);
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'latin1');
  header.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([header, body]);
}

/**
 * A 32-bit BMP image as `.ico` stores it: the header says twice the height (colour rows, then the
 * transparency mask), rows run bottom-up in BGRA, and the 1-bit mask marks fully clear pixels.
 */
function icoBitmap({ size, rgba }: IconImage): Buffer {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const colours = Buffer.alloc(size * size * 4);
  const maskStride = Math.ceil(size / 32) * 4;
  const mask = Buffer.alloc(maskStride * size);
  for (let y = 0; y < size; y += 1) {
    const row = size - 1 - y;
    for (let x = 0; x < size; x += 1) {
      const from = (y * size + x) * 4;
      const to = (row * size + x) * 4;
      colours[to] = rgba[from + 2] ?? 0;
      colours[to + 1] = rgba[from + 1] ?? 0;
      colours[to + 2] = rgba[from] ?? 0;
      colours[to + 3] = rgba[from + 3] ?? 0;
      if ((rgba[from + 3] ?? 0) === 0) {
        const index = row * maskStride + (x >> 3);
        mask[index] = (mask[index] ?? 0) | (0x80 >> (x & 7));
      }
    }
  }
  header.writeUInt32LE(colours.length + mask.length, 20);
  return Buffer.concat([header, colours, mask]);
}

/** 256 px as PNG (Windows' own choice for that size); the small sizes as bitmaps, which every reader takes. */
export function encodeIco(images: readonly IconImage[]): Buffer {
  const bodies = ICO_SIZES.map((size) => {
    const image = imageOfSize(images, size);
    return size >= 256 ? image.png : icoBitmap(image);
  });
  const directory = Buffer.alloc(6 + 16 * ICO_SIZES.length);
  directory.writeUInt16LE(0, 0);
  directory.writeUInt16LE(1, 2);
  directory.writeUInt16LE(ICO_SIZES.length, 4);
  let offset = directory.length;
  ICO_SIZES.forEach((size, index) => {
    const entry = 6 + index * 16;
    const body = bodies[index] as Buffer;
    directory.writeUInt8(size >= 256 ? 0 : size, entry);
    directory.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    directory.writeUInt16LE(1, entry + 4);
    directory.writeUInt16LE(32, entry + 6);
    directory.writeUInt32LE(body.length, entry + 8);
    directory.writeUInt32LE(offset, entry + 12);
    offset += body.length;
  });
  return Buffer.concat([directory, ...bodies]);
}

/** Width and height from a PNG's header; null when the bytes are not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | null {
  const signature = '89504e470d0a1a0a';
  if (png.length < 24 || png.subarray(0, 8).toString('hex') !== signature) return null;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
