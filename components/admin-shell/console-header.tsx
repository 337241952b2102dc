import { Badge } from '@/components/ui/badge';
import { BrandMark } from './brand-mark';
import { ConsoleNav } from './console-nav';
import type { ConsoleRole } from './nav';
import { SignOutButton } from './sign-out-button';

type Props = {
  /** The restaurant's name, or the operators' console title. */
  title: string;
  user: { email: string; name: string | null };
  roleLabel: string;
  roles: readonly ConsoleRole[];
};

/**
 * The console's one bar: who and where on the left, navigation, the signed-in
 * person on the right. A bar rather than a sidebar, so pages (the orders
 * board's columns) get the whole width, also at 1024 px.
 */
export function ConsoleHeader({ title, user, roleLabel, roles }: Props) {
  return (
    <header className="bg-chrome text-chrome-foreground [&_:focus-visible]:outline-ring-on-chrome">
      <div className="flex h-16 items-center gap-4 px-4 lg:px-6 xl:gap-6">
        <div className="flex min-w-0 shrink-0 items-center gap-3">
          <BrandMark />
          <div className="min-w-0 leading-tight">
            <p className="text-xs text-chrome-foreground/80">Tableside</p>
            <p data-testid="restaurant-name" className="max-w-64 truncate font-semibold" title={title}>
              {title}
            </p>
          </div>
        </div>
        <ConsoleNav roles={roles} />
        <div className="ml-auto flex min-w-0 items-center gap-3">
          <div className="min-w-0 text-right leading-tight">
            <p className="max-w-56 truncate text-sm font-semibold" title={user.email}>
              {user.name ?? user.email}
            </p>
            {user.name && (
              // Below 1280 px the restaurant's name and the navigation need the room; the email is in the title.
              <p className="hidden max-w-56 truncate text-xs text-chrome-foreground/80 xl:block" title={user.email}>
                {user.email}
              </p>
            )}
          </div>
          <Badge variant="outline" className="border-chrome-foreground/40 text-chrome-foreground">
            <span className="sr-only">Role: </span>
            {roleLabel}
          </Badge>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
