import { useEffect } from 'react';
import type { Notice } from '../store/uiSlice';
import { useAppStore } from '../store/appStore';
import { CloseIcon } from './icons';

const lifetimeMs = { error: 10_000, info: 5_000 };

function NoticeItem({ notice }: { notice: Notice }) {
  const dismiss = useAppStore((s) => s.dismissNotice);
  useEffect(() => {
    // A failure about a subject stays until that action succeeds or the listener dismisses it.
    if (notice.tone === 'error' && notice.subject !== undefined) return;
    const timer = setTimeout(() => dismiss(notice.id), lifetimeMs[notice.tone]);
    return () => clearTimeout(timer);
  }, [notice, dismiss]);
  return (
    <li className={`notice notice--${notice.tone}`}>
      <p>{notice.message}</p>
      {notice.action && (
        <button
          type="button"
          className="text-button notice__action"
          onClick={() => {
            dismiss(notice.id);
            notice.action?.run();
          }}
        >
          {notice.action.label}
        </button>
      )}
      <button
        type="button"
        className="icon-button"
        aria-label="Dismiss message"
        title="Dismiss"
        onClick={() => dismiss(notice.id)}
      >
        <CloseIcon />
      </button>
    </li>
  );
}

/** Short messages: errors in the listener's words, and what to do about them. */
export function Notices() {
  const notices = useAppStore((s) => s.notices);
  return (
    <div className="notices" role="alert" aria-live="assertive">
      <ul>
        {notices.map((notice) => (
          <NoticeItem key={notice.id} notice={notice} />
        ))}
      </ul>
    </div>
  );
}
