import type { ComponentProps } from 'react';
import { cn } from '@/lib/ui/cn';

/** A placeholder block while content loads; decorative, so hidden from assistive technology. */
export function Skeleton({ className, ...props }: ComponentProps<'div'>) {
  return (
    <div
      data-slot="skeleton"
      aria-hidden="true"
      className={cn('rounded-md bg-border motion-safe:animate-pulse', className)}
      {...props}
    />
  );
}
