import type { DragEvent } from 'react';

/** The drag payload of tracks dragged from a list onto a playlist: their library ids, as JSON. */
const trackDragType = 'application/x-busker-track-ids';

export function startTrackDrag(event: DragEvent, trackIds: readonly number[]): void {
  event.dataTransfer.setData(trackDragType, JSON.stringify(trackIds));
  event.dataTransfer.effectAllowed = 'copyMove';
}

export function carriesTracks(event: DragEvent): boolean {
  return event.dataTransfer.types.includes(trackDragType);
}

/** The dropped ids; anything that is not a list of ids (another page's drag) gives []. */
export function droppedTrackIds(event: DragEvent): number[] {
  try {
    const value: unknown = JSON.parse(event.dataTransfer.getData(trackDragType) || '[]');
    return Array.isArray(value)
      ? value.filter((id): id is number => Number.isSafeInteger(id) && id >= 0)
      : [];
  } catch {
    return [];
  }
}
