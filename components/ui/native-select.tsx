// A native <select> in the kit's look: for dense screens with hundreds of
// controls (the orders board), where a Radix Select per control costs too
// much to mount, and where the platform's own picker is what a tablet or a
// keyboard user expects. Same field styles as Input; the chevron is drawn
// over the native arrow.
import { ChevronDownIcon } from 'lucide-react';
import type { ComponentProps } from 'react';
import { inputClasses } from '@/components/ui/input';
import { cn } from '@/lib/ui/cn';

export function NativeSelect({
  className,
  wrapperClassName,
  ...props
}: ComponentProps<'select'> & { wrapperClassName?: string }) {
  return (
    <span data-slot="native-select" className={cn('relative inline-flex', wrapperClassName)}>
      <select
        className={cn(inputClasses, 'cursor-pointer appearance-none pr-8 disabled:cursor-not-allowed', className)}
        {...props}
      />
      <ChevronDownIcon
        aria-hidden
        className="text-muted-foreground pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2"
      />
    </span>
  );
}
