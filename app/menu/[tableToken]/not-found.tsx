export default function TableNotFound() {
  return (
    <main className="container" style={{ padding: '48px 16px' }}>
      <h1>We couldn’t find this table</h1>
      <p className="muted">
        The QR code may be old or the table may no longer be in use. Please ask a member of staff for a fresh code.
      </p>
    </main>
  );
}
