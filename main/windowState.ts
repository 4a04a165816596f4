import { renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const coordinate = z.number().int().min(-100_000).max(100_000);
const size = z.number().int().min(200).max(100_000);

const windowStateSchema = z.object({
  x: coordinate,
  y: coordinate,
  width: size,
  height: size,
  maximized: z.boolean(),
});

/** Where and how big the window was when it last closed. */
export type WindowState = z.infer<typeof windowStateSchema>;

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The saved state, or null when there is none or it is not what we wrote (never throws). */
export async function readWindowState(file: string): Promise<WindowState | null> {
  try {
    const parsed = windowStateSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Synchronous, because it runs while the window closes and the app may be quitting; through a
 * temporary file, so a crash mid-write leaves the old state intact.
 */
export function writeWindowState(file: string, state: WindowState): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, file);
}

/**
 * True when enough of the window's title bar area is on one of the displays for the user to
 * grab it: a monitor that was unplugged must not leave the window off screen.
 */
export function isReachable(bounds: Rectangle, workAreas: readonly Rectangle[]): boolean {
  const grip = { x: bounds.x, y: bounds.y, width: bounds.width, height: Math.min(bounds.height, 48) };
  return workAreas.some((area) => {
    const width = Math.min(grip.x + grip.width, area.x + area.width) - Math.max(grip.x, area.x);
    const height = Math.min(grip.y + grip.height, area.y + area.height) - Math.max(grip.y, area.y);
    return width >= 100 && height >= 24;
  });
}
