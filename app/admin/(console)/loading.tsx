import { Skeleton } from '@/components/ui/skeleton';

/** While a console page loads: its outline in placeholders, inside the shell, announced once. */
export default function ConsoleLoading() {
  return (
    <div className="grid max-w-6xl gap-8" role="status" aria-live="polite">
      <span className="sr-only">Loading…</span>
      <div className="grid gap-2">
        <Skeleton className="h-4 w-24" />
        <Skeleton className="h-9 w-72" />
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Skeleton className="h-24" />
        <Skeleton className="h-24" />
        <Skeleton className="h-24" />
      </div>
      <Skeleton className="h-40" />
    </div>
  );
}
