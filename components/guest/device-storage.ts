'use client';
// What a guest's phone remembers between visits (cart, name, the key of an
// order being placed): localStorage, read through useSyncExternalStore so the
// server render and hydration agree and other tabs stay in step. Private
// modes that refuse storage fall back to memory for this page's lifetime.
import { useSyncExternalStore } from 'react';

const CHANGED = 'tableside:storage';
/** Writes localStorage refused (private mode, a full quota), null for a removal; they win over what it holds. */
const memory = new Map<string, string | null>();

function read(key: string): string | null {
  if (memory.has(key)) return memory.get(key) ?? null;
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
    memory.delete(key);
  } catch {
    memory.set(key, value);
  }
  window.dispatchEvent(new CustomEvent(CHANGED, { detail: key }));
}

export function readStored(key: string): string | null {
  return typeof window === 'undefined' ? null : read(key);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('storage', onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

/** The stored string under `key`; null on the server and during hydration. */
export function useStored(key: string): string | null {
  return useSyncExternalStore(
    subscribe,
    () => read(key),
    () => null,
  );
}
