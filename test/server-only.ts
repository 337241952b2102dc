// Stands in for the 'server-only' guard outside React Server Components (Vitest).
export {};
