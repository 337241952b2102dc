import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { StaffManager } from '@/components/admin/staff/staff-manager';
import { api, HydrateClient } from '@/lib/trpc/server';
import { getStaffSession } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Staff' };

export default async function StaffPage() {
  const session = await getStaffSession();
  if (!session) redirect('/admin/sign-in?callbackUrl=/admin/staff');
  const owner = session.user.role === 'OWNER' && session.user.tenantId;
  if (owner) await api.staff.list.prefetch();
  return (
    <div className="grid gap-4">
      <h1 className="text-2xl font-semibold">Staff</h1>
      {owner ? (
        <HydrateClient>
          <StaffManager currentUserId={session.user.id} />
        </HydrateClient>
      ) : (
        <p role="alert" data-testid="owners-only" className="border-border rounded-lg border p-4">
          Only the restaurant’s owners manage staff accounts. Ask an owner to add someone or change a role.
        </p>
      )}
    </div>
  );
}
