// Whether the order page is receiving live updates right now; a change is
// announced politely (losing the connection is news, but not an interruption).
import styles from './order.module.css';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'stopped';

const LABEL: Record<LiveState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  stopped: 'Not live',
};

export function LiveIndicator({ state }: { state: LiveState }) {
  return (
    <span role="status" className={styles.live} data-state={state} data-testid="live-indicator">
      <span className={styles.liveDot} aria-hidden="true" />
      {LABEL[state]}
    </span>
  );
}
