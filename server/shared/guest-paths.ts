// Where a guest's pages and menu sections live (plain functions: the server, for Stripe's return URLs, and the browser share them).
export const menuPath = (tableToken: string) => `/menu/${encodeURIComponent(tableToken)}`;

export const orderPath = (tableToken: string, orderId: string) =>
  `${menuPath(tableToken)}/orders/${encodeURIComponent(orderId)}`;

export const categoryAnchor = (categoryId: string) => `category-${categoryId}`;
