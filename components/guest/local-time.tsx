'use client';
// A time of day in the phone's own time zone. The server does not know that
// zone, so it renders nothing and the browser fills it in.
import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

export function LocalTime({ date }: { date: Date }) {
  const text = useSyncExternalStore(
    noSubscription,
    () => date.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' }),
    () => '',
  );
  return <time dateTime={date.toISOString()}>{text}</time>;
}
