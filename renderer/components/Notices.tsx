import { useEffect } from 'react';
import type { Notice } from '../store/uiSlice';
import { useAppStore } from '../store/appStore';
import { CloseIcon } from './icons';

const lifetimeMs = { error: 10_000, info: 5_000 };

function NoticeItem({ notice }: { notice: Notice }) {
  const dismiss = useAppStore((s) => s.dismissNotice);
  useEffect(() => {
    const timer = setTimeout(() => dismiss(notice.id), lifetimeMs[notice.tone]);
    return () => clearTimeout(timer);
  }, [notice, dismiss]);
  return (
    <li className={`notice notice--${notice.tone}`}>
      <p>{notice.message}</p>
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
