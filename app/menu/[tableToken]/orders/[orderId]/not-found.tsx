import { BackToMenuLink } from '@/components/guest/back-to-menu-link';

export default function OrderNotFound() {
  return (
    <main className="container" style={{ padding: '48px 16px' }}>
      <h1>We couldn’t find this order</h1>
      <p className="muted">
        An order can only be seen on the phone it was placed from. If you ordered on another phone, open it there — or
        ask a member of staff.
      </p>
      <BackToMenuLink className="button" />
    </main>
  );
}
