import Link from 'next/link';

export default function HomePage() {
  return (
    <main className="container" style={{ padding: '48px 16px' }}>
      <h1>Tableside</h1>
      <p className="muted">Guests scan the QR code on their table to see the menu, order and pay from their phone.</p>
      <p>
        <Link className="button" href="/admin">
          Staff sign-in
        </Link>
      </p>
    </main>
  );
}
