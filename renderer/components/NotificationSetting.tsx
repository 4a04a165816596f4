import { notifyTrackChangeOn } from '../player/trackNotifications';
import { useAppStore } from '../store/appStore';

/** "Notify when the song changes": a system notification while Busker's window is out of view. */
export function NotificationSetting() {
  const on = useAppStore(notifyTrackChangeOn);
  const setNotifyTrackChange = useAppStore((s) => s.setNotifyTrackChange);
  return (
    <section aria-labelledby="settings-notify-title">
      <h3 id="settings-notify-title" className="settings__heading">
        Notifications
      </h3>
      <label className="choice">
        <input
          type="checkbox"
          checked={on}
          onChange={(event) => void setNotifyTrackChange(event.target.checked)}
        />
        Notify when the song changes
      </label>
      <p className="field-hint">Shown while Busker’s window is in the background.</p>
    </section>
  );
}
