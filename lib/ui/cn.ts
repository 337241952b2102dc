// Class names for the console kit: conditional parts (clsx), and a caller's
// Tailwind class wins over a component's default for the same property
// (tailwind-merge), so `<Button className="w-full">` does what it says.
import { clsx, type ClassValue } from 'clsx';
import { twMerge } from 'tailwind-merge';

export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
