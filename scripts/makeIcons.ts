/**
 * Renders the one committed icon, build/icon.svg, to what each platform's installer needs (the
 * paths electron-builder.yml names): a PNG per size for Linux, icon.icns for macOS, icon.ico for
 * Windows. Each size is drawn from the vector by Chromium (Debian's, or CHROMIUM_PATH, or an
 * installed Google Chrome), so small sizes stay sharp and nothing is downloaded.
 *
 *   node --import tsx scripts/makeIcons.ts [outputDir]      (default: build/icons)
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type LaunchOptions } from 'playwright-core';
import { containerSizes, encodeIcns, encodeIco, type IconImage } from './icons/iconContainers';

const projectDir = resolve(import.meta.dirname, '..');
export const ICON_SOURCE = join(projectDir, 'build', 'icon.svg');
export const DEFAULT_ICON_DIR = join(projectDir, 'build', 'icons');

/** The hicolor sizes desktop environments look for (NxN.png, as electron-builder reads a folder). */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;

/** Paths inside the output folder, as electron-builder.yml names them under build/icons/. */
export const ICON_OUTPUTS = { linuxDir: 'png', icns: 'icon.icns', ico: 'icon.ico' } as const;

/** Chromium to render with: CHROMIUM_PATH, Debian's /usr/bin/chromium, or Google Chrome where installed. */
export function chromiumLaunchOptions(): LaunchOptions {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) return { executablePath: explicit };
  if (existsSync('/usr/bin/chromium')) return { executablePath: '/usr/bin/chromium' };
  return { channel: 'chrome' };
}

/** Draws `svg` at every size in `sizes`; each result carries its PNG and its RGBA pixels. */
export async function renderIcon(svg: string, sizes: readonly number[]): Promise<IconImage[]> {
  const browser = await chromium.launch({ ...chromiumLaunchOptions(), args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const rendered = await page.evaluate(
      async ({ source, wanted }) => {
        // This runs in the page; the project's Node type-check has no DOM, so the little it uses is named here.
        interface Canvas {
          width: number;
          height: number;
          getContext(kind: '2d'): {
            drawImage(image: unknown, x: number, y: number, width: number, height: number): void;
            getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray };
          } | null;
          toDataURL(type: string): string;
        }
        const { Image, document, btoa } = globalThis as unknown as {
          Image: new () => { src: string; decode(): Promise<void> };
          document: { createElement(tag: 'canvas'): Canvas };
          btoa(text: string): string;
        };
        const image = new Image();
        image.src = `data:image/svg+xml;base64,${btoa(source)}`;
        await image.decode();
        return wanted.map((size) => {
          const canvas = document.createElement('canvas');
          canvas.width = size;
          canvas.height = size;
          const context = canvas.getContext('2d');
          if (!context) throw new Error('no 2D canvas');
          context.drawImage(image, 0, 0, size, size);
          const pixels = context.getImageData(0, 0, size, size).data;
          let binary = '';
          for (let index = 0; index < pixels.length; index += 0x8000) {
            binary += String.fromCharCode(...pixels.subarray(index, index + 0x8000));
          }
          return { size, png: canvas.toDataURL('image/png').split(',')[1] ?? '', rgba: btoa(binary) };
        });
      },
      { source: svg, wanted: [...sizes] },
    );
    return rendered.map(({ size, png, rgba }) => ({
      size,
      png: Buffer.from(png, 'base64'),
      rgba: new Uint8Array(Buffer.from(rgba, 'base64')),
    }));
  } finally {
    await browser.close();
  }
}

/** Writes the Linux PNGs, icon.icns and icon.ico into `outputDir` (replacing what is there). */
export async function makeIcons(outputDir: string = DEFAULT_ICON_DIR): Promise<void> {
  const svg = await readFile(ICON_SOURCE, 'utf8');
  const sizes = [...new Set([...LINUX_SIZES, ...containerSizes()])].sort((a, b) => a - b);
  const images = await renderIcon(svg, sizes);
  await rm(outputDir, { recursive: true, force: true });
  await mkdir(join(outputDir, ICON_OUTPUTS.linuxDir), { recursive: true });
  for (const size of LINUX_SIZES) {
    const image = images.find((candidate) => candidate.size === size);
    if (!image) throw new Error(`No ${size}×${size} rendering of the icon was made.`);
    await writeFile(join(outputDir, ICON_OUTPUTS.linuxDir, `${size}x${size}.png`), image.png);
  }
  await writeFile(join(outputDir, ICON_OUTPUTS.icns), encodeIcns(images));
  await writeFile(join(outputDir, ICON_OUTPUTS.ico), encodeIco(images));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outputDir = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_ICON_DIR;
  await makeIcons(outputDir);
  console.log(`Icons rendered from build/icon.svg into ${outputDir}`);
}
