import { Skeleton } from '@/components/ui/skeleton';

export default function LoadingOrders() {
  return (
    <div className="grid gap-4" aria-label="Loading orders" aria-busy>
      <Skeleton className="h-9 w-96" />
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-80" />
        ))}
      </div>
    </div>
  );
}
