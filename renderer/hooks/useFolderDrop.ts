import { useEffect, useState } from 'react';
import { pathsFromUriList } from '../logic/publishJobs';
import { useAppStore } from '../store/appStore';

const publishing = () => useAppStore.getState().view.kind === 'publish';

/** Files, or (on the publish page) file URLs: a headless test or a file manager may drop those. */
const carriesFiles = (event: DragEvent) => {
  const types = event.dataTransfer?.types ?? [];
  return types.includes('Files') || (publishing() && types.includes('text/uri-list'));
};

/**
 * Accepts a folder dragged onto the window (audio files to publish, on the publish page);
 * returns whether something is being dragged over it now.
 */
export function useFolderDrop(): boolean {
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    // dragenter/dragleave fire for every child crossed: count them to know when we really left.
    let depth = 0;
    const onEnter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth += 1;
      setDragging(true);
    };
    const onOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      const transfer = event.dataTransfer;
      if (!transfer) return;
      if (publishing()) {
        const uriPaths = pathsFromUriList(transfer.getData('text/uri-list'));
        useAppStore.getState().publishDroppedFiles([...transfer.files], uriPaths);
        return;
      }
      const file = transfer.files[0];
      if (!file) return;
      void useAppStore.getState().importDroppedFile(file);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  return dragging;
}
