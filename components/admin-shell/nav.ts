// The console's navigation: the one list the shell renders. An entry appears
// for the roles it names; add a page's entry when the page lands (no links
// to pages that do not exist yet).
import { ClipboardListIcon, LayoutDashboardIcon, UserCogIcon, UsersIcon, type LucideIcon } from 'lucide-react';

/** Who is looking: a restaurant's owner or staff, and/or a platform operator. */
export type ConsoleRole = 'OWNER' | 'STAFF' | 'OPERATOR';

export type NavEntry = {
  href: string;
  label: string;
  icon: LucideIcon;
  /** Shown to a person holding any of these roles. */
  roles: readonly ConsoleRole[];
};

export const CONSOLE_NAV: readonly NavEntry[] = [
  { href: '/admin', label: 'Overview', icon: LayoutDashboardIcon, roles: ['OWNER', 'STAFF', 'OPERATOR'] },
  { href: '/admin/orders', label: 'Orders', icon: ClipboardListIcon, roles: ['OWNER', 'STAFF'] },
  { href: '/admin/staff', label: 'Staff', icon: UsersIcon, roles: ['OWNER'] },
  { href: '/admin/account', label: 'Account', icon: UserCogIcon, roles: ['OWNER', 'STAFF', 'OPERATOR'] },
];

type StaffIdentity = { tenantId: string | null; role: 'OWNER' | 'STAFF'; isOperator: boolean };

/** A user's console roles: their role in their restaurant (if they have one), plus operator. */
export function consoleRolesOf(user: StaffIdentity): ConsoleRole[] {
  const roles: ConsoleRole[] = user.tenantId ? [user.role] : [];
  if (user.isOperator) roles.push('OPERATOR');
  return roles;
}

/** The one word the shell shows beside a user's name. */
export function roleLabelOf(user: StaffIdentity): 'Operator' | 'Owner' | 'Staff' {
  if (user.isOperator) return 'Operator';
  return user.role === 'OWNER' ? 'Owner' : 'Staff';
}

export function navFor(roles: readonly ConsoleRole[]): NavEntry[] {
  return CONSOLE_NAV.filter((entry) => entry.roles.some((role) => roles.includes(role)));
}

/** The overview is current only on itself; any other entry also on the pages beneath it. */
export function isCurrent(href: string, pathname: string): boolean {
  if (href === '/admin') return pathname === '/admin';
  return pathname === href || pathname.startsWith(`${href}/`);
}
