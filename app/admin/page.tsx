import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { api } from '@/lib/trpc/server';
import { getStaffSession } from '@/server/auth/session';
import { SignOutButton } from './sign-out-button';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function AdminPage() {
  const session = await getStaffSession();
  if (!session) redirect('/admin/sign-in?callbackUrl=/admin');
  const user = session.user;
  const restaurant = user.tenantId ? await api.restaurant.overview() : null;

  return (
    <main className="container" style={{ padding: '32px 16px' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 12 }}>
        <div>
          <p className="muted" style={{ margin: 0 }}>
            Signed in as {user.email} · {user.isOperator ? 'Operator' : user.role === 'OWNER' ? 'Owner' : 'Staff'}
          </p>
          <h1 data-testid="restaurant-name">{restaurant?.name ?? 'Tableside operations'}</h1>
        </div>
        <SignOutButton />
      </div>
      {restaurant && (
        <section className="card" style={{ padding: 16, marginTop: 24 }} aria-label="Restaurant overview">
          <p style={{ margin: 0 }}>
            {restaurant.counts.tables} tables · {restaurant.counts.categories} categories · {restaurant.counts.products}{' '}
            products · prices in {restaurant.currency}
          </p>
          <p className="muted" style={{ marginBottom: 0 }}>
            Immediate payment {restaurant.immediatePaymentRequired ? 'required' : 'not required'}. The orders board and
            catalog management arrive here next.
          </p>
        </section>
      )}
    </main>
  );
}
