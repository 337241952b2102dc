import { cn } from '@/lib/ui/cn';

/** Tableside's mark (a letter on the accent colour: no image to fetch). Decorative: the name stands beside it. */
export function BrandMark({ className }: { className?: string }) {
  return (
    <span
      aria-hidden
      className={cn(
        'grid size-9 shrink-0 place-items-center rounded-md bg-primary text-lg font-bold text-primary-foreground',
        className,
      )}
    >
      T
    </span>
  );
}
