import { useEffect, useRef, useState } from 'preact/hooks';

/** Minutes left at which a screen reader hears again how long the seats are held. */
const ANNOUNCED_MINUTES = [1, 5, 10] as const;

function remainingMs(expiresAt: string, now: number): number {
  return Math.max(0, new Date(expiresAt).getTime() - now);
}

/** `mm:ss` (or `h:mm:ss` for long holds). */
export function formatRemaining(ms: number): string {
  const totalSeconds = Math.ceil(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

/** What a screen reader is told about the time left. */
export function holdAnnouncement(ms: number): string {
  if (ms <= 0) return 'Your seat hold has ended.';
  const minutes = Math.ceil(ms / 60_000);
  return minutes === 1 ? 'Your seats are held for 1 more minute.' : `Your seats are held for ${minutes} more minutes.`;
}

/** Which announcement period `ms` is in: a new period is announced, the seconds within it are not. */
function period(ms: number): number {
  if (ms <= 0) return 0;
  return ANNOUNCED_MINUTES.find((limit) => Math.ceil(ms / 60_000) <= limit) ?? Number.POSITIVE_INFINITY;
}

/**
 * The time left on the seat hold, ticking every second for the eye. The ticking text is hidden
 * from screen readers (they would read it every second); a polite status speaks on arrival, when
 * 10, 5 and 1 minutes are left, and when the hold ends.
 */
export function HoldCountdown(props: { readonly expiresAt: string; readonly now?: () => number }) {
  const now = props.now ?? Date.now;
  const [left, setLeft] = useState(() => remainingMs(props.expiresAt, now()));
  const [announced, setAnnounced] = useState(() => holdAnnouncement(left));
  const lastPeriod = useRef(period(left));

  useEffect(() => {
    const timer = setInterval(() => {
      const next = remainingMs(props.expiresAt, now());
      setLeft(next);
      if (period(next) !== lastPeriod.current) {
        lastPeriod.current = period(next);
        setAnnounced(holdAnnouncement(next));
      }
      if (next <= 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [props.expiresAt, now]);

  return (
    <div class="hold-countdown">
      <p class="hold-countdown__time" aria-hidden="true">
        Seats held for <strong>{formatRemaining(left)}</strong>
      </p>
      <p class="visually-hidden" role="status">
        {announced}
      </p>
    </div>
  );
}
