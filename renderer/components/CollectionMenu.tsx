import type { KeyboardEvent, MouseEvent } from 'react';
import { useState } from 'react';
import type { TrackQuery } from '../../core/api/appApi';
import { useAppStore } from '../store/appStore';
import type { MenuItem } from './ContextMenu';
import { ContextMenu } from './ContextMenu';
import { isMenuKey } from './TrackList';
import { queueMenuItems } from './trackMenuItems';

interface MenuTarget {
  /** The menu's accessible name: "Album: Title". */
  label: string;
  query: TrackQuery;
  /** Go to the album or artist itself. */
  goTo: MenuItem;
}

/**
 * The context menu of an album or an artist (right click, Shift+F10 or the ContextMenu key on
 * its button): its tracks played, queued or added to a playlist, or its page opened.
 */
export function useCollectionMenu() {
  const [menu, setMenu] = useState<(MenuTarget & { x: number; y: number }) | null>(null);
  const [opener, setOpener] = useState<HTMLElement | null>(null);
  const handlers = (target: MenuTarget) => ({
    onContextMenu(event: MouseEvent<HTMLElement>) {
      event.preventDefault();
      setOpener(event.currentTarget);
      setMenu({ ...target, x: event.clientX, y: event.clientY });
    },
    onKeyDown(event: KeyboardEvent<HTMLElement>) {
      if (!isMenuKey(event)) return;
      event.preventDefault();
      const box = event.currentTarget.getBoundingClientRect();
      setOpener(event.currentTarget);
      setMenu({ ...target, x: box.left + 16, y: box.top + 16 });
    },
  });
  const state = useAppStore.getState();
  const element = menu ? (
    <ContextMenu
      label={menu.label}
      items={[
        ...queueMenuItems(
          state,
          () => state.trackIdsOf(menu.query),
          () => void state.playQuery(menu.query, null, 0),
        ),
        menu.goTo,
      ]}
      x={menu.x}
      y={menu.y}
      onClose={() => {
        setMenu(null);
        opener?.focus();
      }}
    />
  ) : null;
  return { handlers, element };
}
