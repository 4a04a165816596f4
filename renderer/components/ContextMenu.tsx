import type { KeyboardEvent } from 'react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';

export interface MenuItem {
  label: string;
  onSelect?: () => void;
  /** A submenu opened by Enter, → or a click. */
  items?: MenuItem[];
}

interface ContextMenuProps {
  label: string;
  items: MenuItem[];
  /** Where it opens, in viewport pixels. */
  x: number;
  y: number;
  onClose(): void;
}

/**
 * A menu at a point (right click, the ContextMenu key, Shift+F10): ↑/↓ move, Enter or Space
 * chooses, → opens a submenu and ← or Escape closes it, Tab or a click elsewhere closes all.
 */
export function ContextMenu({ label, items, x, y, onClose }: ContextMenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState({ left: x, top: y });
  useLayoutEffect(() => {
    const menu = ref.current;
    if (!menu) return;
    const { width, height } = menu.getBoundingClientRect();
    // Kept inside the window, so a right click near an edge still shows every item.
    setPosition({
      left: Math.max(4, Math.min(x, window.innerWidth - width - 4)),
      top: Math.max(4, Math.min(y, window.innerHeight - height - 4)),
    });
  }, [x, y]);
  useEffect(() => {
    const away = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [onClose]);
  return (
    <div ref={ref} className="context-menu" style={position}>
      <MenuList label={label} items={items} onClose={onClose} onBack={onClose} />
    </div>
  );
}

function MenuList({
  label,
  items,
  onClose,
  onBack,
}: {
  label: string;
  items: MenuItem[];
  onClose(): void;
  onBack(): void;
}) {
  const ref = useRef<HTMLUListElement>(null);
  const [active, setActive] = useState(0);
  const [openSub, setOpenSub] = useState<number | null>(null);

  useEffect(() => {
    if (openSub === null)
      ref.current?.querySelectorAll<HTMLElement>(':scope > li > [role="menuitem"]')[active]?.focus();
  }, [active, openSub]);

  const choose = (index: number) => {
    const item = items[index]!;
    if (item.items) {
      setOpenSub(index);
      return;
    }
    onClose();
    item.onSelect?.();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => setActive((active + 1) % items.length),
      ArrowUp: () => setActive((active - 1 + items.length) % items.length),
      Home: () => setActive(0),
      End: () => setActive(items.length - 1),
      Enter: () => choose(active),
      ' ': () => choose(active),
      ArrowRight: () => items[active]?.items && setOpenSub(active),
      ArrowLeft: onBack,
      Escape: onBack,
      Tab: onClose,
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    action();
  };

  return (
    <ul ref={ref} role="menu" aria-label={label} className="context-menu__list" onKeyDown={onKeyDown}>
      {items.map((item, index) => (
        <li key={item.label} role="none" className="context-menu__entry">
          <button
            type="button"
            role="menuitem"
            tabIndex={index === active ? 0 : -1}
            aria-haspopup={item.items ? 'menu' : undefined}
            aria-expanded={item.items ? openSub === index : undefined}
            className="context-menu__item"
            onClick={() => choose(index)}
            onMouseEnter={() => setActive(index)}
          >
            {item.label}
            {item.items ? <span aria-hidden="true">▸</span> : null}
          </button>
          {openSub === index && item.items ? (
            <div className="context-menu context-menu--sub">
              <MenuList
                label={item.label}
                items={item.items}
                onClose={onClose}
                onBack={() => {
                  setOpenSub(null);
                  setActive(index);
                }}
              />
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
