/**
 * V8's young generation for a process that sits idle most of its life (the headless host, the
 * desktop app's main process). V8 grows it from 1 MB to 16 MB per semi-space under any burst of
 * allocation (a page's first searches are enough) and keeps it until its memory reducer runs,
 * which on an idle process is 10 to 20 s later: 14 MB of resident memory for work long done.
 * `--max-semi-space-size` would cap it, but it is read once, when the heap is made; the growth
 * factor is read at each growth, so setting it to 1 from inside the running process keeps the
 * young generation at its starting size. Set before the heap has grown, so early.
 */
import { setFlagsFromString } from 'node:v8';

export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
