import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { getStaffSession } from '@/server/auth/session';
import { restaurantOverview } from './console-data';

export const metadata: Metadata = { title: 'Overview' };

export default async function OverviewPage() {
  // The layout already sent signed-out visitors away; this only narrows the type.
  const session = await getStaffSession();
  if (!session) redirect('/admin/sign-in');
  const restaurant = await restaurantOverview(session.user.tenantId);

  if (!restaurant) {
    return (
      <div className="grid max-w-3xl gap-6">
        <h1 className="text-2xl font-bold">Operations</h1>
        <Card>
          <CardHeader>
            <CardTitle asChild>
              <h2>Rate limits and protection</h2>
            </CardTitle>
            <CardDescription>
              This account runs the platform, not a restaurant. The limits every request meets are listed, with their
              settings, in <Link href="/docs/limits">Rate limits</Link>.
            </CardDescription>
          </CardHeader>
        </Card>
      </div>
    );
  }

  const { counts } = restaurant;
  const figures = [
    { count: counts.tables, one: 'table', many: 'tables' },
    { count: counts.categories, one: 'category', many: 'categories' },
    { count: counts.products, one: 'product', many: 'products' },
  ];

  return (
    <div className="grid max-w-6xl gap-8">
      {/* The page's heading row; page actions (such as a link to the orders board) go at its end. */}
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="grid gap-1">
          <p className="text-sm font-semibold text-muted-foreground">Overview</p>
          <h1 className="text-3xl font-bold">{restaurant.name}</h1>
        </div>
      </div>

      <section aria-labelledby="menu-heading" className="grid gap-3">
        <h2 id="menu-heading" className="text-lg font-semibold">
          Menu and tables
        </h2>
        <ul className="grid gap-4 sm:grid-cols-3">
          {figures.map(({ count, one, many }) => (
            <li key={many}>
              <Card className="h-full">
                <CardContent>
                  {/* One line of text ("5 tables"), read as it is shown. */}
                  <p className="flex items-baseline gap-2">
                    <span className="text-4xl font-bold tabular-nums">{count}</span>{' '}
                    <span className="text-muted-foreground">{count === 1 ? one : many}</span>
                  </p>
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="payments-heading" className="grid gap-3">
        <h2 id="payments-heading" className="text-lg font-semibold">
          Prices and payment
        </h2>
        <div className="grid gap-4 sm:grid-cols-2">
          <Card>
            <CardHeader>
              <CardDescription>Currency</CardDescription>
              <CardTitle className="text-2xl">{restaurant.currency}</CardTitle>
            </CardHeader>
            <CardContent className="text-sm text-muted-foreground">
              Every price on the menu, the orders and the receipts is in this currency.
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardDescription>Immediate payment</CardDescription>
              <CardTitle className="flex items-center gap-2 text-2xl">
                {restaurant.immediatePaymentRequired ? 'Required' : 'Not required'}
                <Badge variant={restaurant.immediatePaymentRequired ? 'default' : 'secondary'}>
                  {restaurant.immediatePaymentRequired ? 'Pay first' : 'Pay any time'}
                </Badge>
              </CardTitle>
            </CardHeader>
            <CardContent className="text-sm text-muted-foreground">
              {restaurant.immediatePaymentRequired
                ? 'Guests pay when they order; the kitchen sees an order once it is paid.'
                : 'Orders go to the kitchen at once; guests pay whenever they like.'}
            </CardContent>
          </Card>
        </div>
      </section>
    </div>
  );
}
