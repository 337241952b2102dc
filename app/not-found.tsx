import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="container" style={{ padding: '48px 16px' }}>
      <h1>Page not found</h1>
      <p className="muted">There is nothing at this address.</p>
      <Link href="/">Tableside home</Link>
    </main>
  );
}
