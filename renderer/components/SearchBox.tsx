import { useEffect, useRef } from 'react';
import { focusSearchEvent } from '../hooks/useKeyboardShortcuts';
import { useAppStore } from '../store/appStore';
import { CloseIcon, SearchIcon } from './icons';

const debounceMs = 80;

/** The instant search: results follow typing after a short pause, in the same track list. */
export function SearchBox() {
  const inputRef = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const value = useAppStore((s) => s.searchInput);
  const { setSearchInput, applySearch, clearSearch } = useAppStore.getState();

  useEffect(() => {
    const focus = () => {
      inputRef.current?.focus();
      inputRef.current?.select();
    };
    window.addEventListener(focusSearchEvent, focus);
    return () => {
      window.removeEventListener(focusSearchEvent, focus);
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);

  const clear = () => {
    if (timer.current) clearTimeout(timer.current);
    clearSearch();
  };

  return (
    <div className="search" role="search">
      <SearchIcon className="search__icon" />
      <input
        ref={inputRef}
        type="search"
        className="search__input"
        aria-label="Search library"
        aria-keyshortcuts="/ Control+F Meta+F"
        placeholder="Search songs, artists, albums"
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(event) => {
          const text = event.currentTarget.value;
          setSearchInput(text);
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => applySearch(text), debounceMs);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            if (value) clear();
            else event.currentTarget.blur();
          } else if (event.key === 'Enter' || event.key === 'ArrowDown') {
            // Apply now and move into the results.
            if (timer.current) clearTimeout(timer.current);
            applySearch(value);
            event.preventDefault();
            const firstRow = document.querySelector<HTMLElement>('[role="grid"] [role="row"][tabindex="0"]');
            firstRow?.focus();
          }
        }}
      />
      {value ? (
        <button type="button" className="icon-button search__clear" aria-label="Clear search" onClick={clear}>
          <CloseIcon />
        </button>
      ) : null}
    </div>
  );
}
