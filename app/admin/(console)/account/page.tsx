import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { ChangePasswordForm } from '@/components/admin/account/change-password-form';
import { getStaffSession } from '@/server/auth/session';
import { ROLE_LABEL } from '@/server/shared/roles';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const session = await getStaffSession();
  if (!session) redirect('/admin/sign-in?callbackUrl=/admin/account');
  const user = session.user;
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Your account</h1>
        <p className="text-muted-foreground">
          {user.name ? `${user.name} · ` : ''}
          {user.email} · {user.isOperator ? 'Operator' : ROLE_LABEL[user.role]}
        </p>
      </div>
      <section aria-labelledby="password-heading" className="grid gap-3">
        <h2 id="password-heading" className="text-lg font-semibold">
          Change password
        </h2>
        <ChangePasswordForm />
      </section>
    </div>
  );
}
