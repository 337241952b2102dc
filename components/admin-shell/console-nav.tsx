'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/lib/ui/cn';
import { isCurrent, navFor, type ConsoleRole } from './nav';

export function ConsoleNav({ roles }: { roles: readonly ConsoleRole[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Console">
      <ul className="flex items-center gap-1">
        {navFor(roles).map(({ href, label, icon: Icon }) => {
          const current = isCurrent(href, pathname);
          return (
            <li key={href}>
              <Link
                href={href}
                // No prefetch: every console page renders per request, and six prefetches on each
                // page load would spend a third of the user's `global-burst` (20 per 5 s) unasked.
                prefetch={false}
                aria-current={current ? 'page' : undefined}
                className={cn(
                  'inline-flex h-9 items-center gap-2 rounded-full px-3.5 text-sm font-semibold no-underline',
                  current ? 'bg-chrome-foreground text-chrome' : 'text-chrome-foreground hover:bg-chrome-foreground/15',
                )}
              >
                <Icon className="size-4" aria-hidden />
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
