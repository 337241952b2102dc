'use client';
// The guest's name, remembered on the device for the next order (any table).
import { useStored, writeStored } from './device-storage';

const NAME_KEY = 'tableside:guest-name';

export function useGuestName(): [string, (name: string) => void] {
  const name = useStored(NAME_KEY) ?? '';
  return [name, (next) => writeStored(NAME_KEY, next ? next : null)];
}
