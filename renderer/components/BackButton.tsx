import { useEffect } from 'react';
import { useAppStore } from '../store/appStore';
import type { LibraryView } from '../store/librarySlice';
import { BackIcon } from './icons';

function placeName(view: LibraryView): string {
  switch (view.kind) {
    case 'album':
      return view.title;
    case 'artist':
      return view.name;
    default:
      return view.kind[0]!.toUpperCase() + view.kind.slice(1);
  }
}

/** Where Back leads, in words. */
function backLabel(view: LibraryView, history: readonly LibraryView[]): string {
  const previous = history.at(-1) ?? (view.kind === 'artist' ? { kind: 'artists' } : { kind: 'albums' });
  return `Back to ${placeName(previous)}`;
}

/** Back to the previous view; Alt+Left does the same while the button is on screen. */
export function BackButton() {
  const label = useAppStore((s) => backLabel(s.view, s.viewHistory));
  const goBack = useAppStore((s) => s.goBack);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (event.key !== 'ArrowLeft' || event.defaultPrevented) return;
      if (useAppStore.getState().dialog) return;
      event.preventDefault();
      useAppStore.getState().goBack();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <button
      type="button"
      className="icon-button"
      aria-label={label}
      title={`${label} (Alt+←)`}
      aria-keyshortcuts="Alt+ArrowLeft"
      onClick={goBack}
    >
      <BackIcon />
    </button>
  );
}
