// The menu a guest opens from the QR code on their table. Server-rendered
// (the menu comes from the cache); only the cart, the category chips and
// "Your orders" run in the browser.
import type { Metadata } from 'next';
import { cache } from 'react';
import { AddToCartButton } from '@/components/guest/add-to-cart-button';
import { CategoryNav } from '@/components/guest/category-nav';
import { GuestCart } from '@/components/guest/guest-cart';
import { paymentMode } from '@/server/payments/mode';
import { categoryAnchor } from '@/server/shared/guest-paths';
import { YourOrders, YourOrdersLink } from '@/components/guest/your-orders';
import { api, HydrateClient } from '@/lib/trpc/server';
import { formatMoney } from '@/server/shared/money';
import { guestLoad } from './guest-load';
import { LimitedPage } from './limited-page';
import styles from './menu.module.css';

type Props = { params: Promise<{ tableToken: string }> };

const loadMenu = cache((tableToken: string) => guestLoad(() => api.menu.get({ tableToken })));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const loaded = await loadMenu((await params).tableToken);
  return { title: 'value' in loaded ? `${loaded.value.restaurant.name} — menu` : 'Menu' };
}

export default async function MenuPage({ params }: Props) {
  const { tableToken } = await params;
  const loaded = await loadMenu(tableToken);
  if ('limited' in loaded) return <LimitedPage limited={loaded.limited} refusedAt={loaded.refusedAt} what="The menu" />;

  const { restaurant, table, categories } = loaded.value;
  // "Your orders" arrives with the page: one view spends one `menu` count
  // (the server-side calls of one request share their limits).
  void api.order.mine.prefetch({ tableToken });
  const price = (minor: number) => formatMoney(minor, restaurant.currency);
  const products = categories.flatMap((category) =>
    category.products.map(({ id, name, priceMinor, available }) => ({ id, name, priceMinor, available })),
  );

  return (
    <HydrateClient>
      <header className={styles.header}>
        <div className={`container ${styles.headerRow}`}>
          {restaurant.logoUrl && (
            // eslint-disable-next-line @next/next/no-img-element -- uploaded images are served as they are
            <img className={styles.logo} src={restaurant.logoUrl} alt="" width={44} height={44} />
          )}
          <div className={styles.headerText}>
            {/* Focusable from script: where focus lands when the cart sheet closes with nothing in it. */}
            <h1 className={styles.restaurant} tabIndex={-1}>
              {restaurant.name}
            </h1>
            <p className={styles.table}>{table.name}</p>
          </div>
          <YourOrdersLink tableToken={tableToken} />
        </div>
      </header>
      <CategoryNav categories={categories.map(({ id, name }) => ({ id, name }))} />

      <main className={`container ${styles.main}`}>
        {restaurant.immediatePaymentRequired && (
          <p className={styles.payFirst} data-testid="pay-first-banner">
            <strong>Payment comes first here.</strong> You pay by card when you place your order; the kitchen starts as
            soon as it is paid.
          </p>
        )}
        {categories.map((category) => (
          <section
            key={category.id}
            id={categoryAnchor(category.id)}
            aria-labelledby={`heading-${category.id}`}
            className={styles.category}
          >
            <h2 id={`heading-${category.id}`}>{category.name}</h2>
            <ul className={styles.products}>
              {category.products.map((product) => (
                <li
                  key={product.id}
                  className={`card ${styles.product}`}
                  data-testid="product"
                  aria-disabled={!product.available || undefined}
                >
                  <div className={styles.productText}>
                    <h3>{product.name}</h3>
                    {product.description && <p className="muted">{product.description}</p>}
                    <p className={styles.productMeta}>
                      <span className={styles.price} data-testid="price">
                        {price(product.priceMinor)}
                      </span>
                      {!product.available && <span className={styles.soldOut}>Unavailable</span>}
                    </p>
                  </div>
                  {(product.imageUrl || product.available) && (
                    <div className={styles.productSide}>
                      {product.imageUrl && (
                        // eslint-disable-next-line @next/next/no-img-element -- uploaded images are served as they are
                        <img
                          className={styles.productImage}
                          src={product.imageUrl}
                          alt=""
                          width={96}
                          height={96}
                          loading="lazy"
                          decoding="async"
                        />
                      )}
                      {product.available && (
                        <AddToCartButton tableToken={tableToken} productId={product.id} productName={product.name} />
                      )}
                    </div>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ))}
        <YourOrders tableToken={tableToken} />
      </main>

      <GuestCart
        tableToken={tableToken}
        tableName={table.name}
        currency={restaurant.currency}
        products={products}
        payment={{ first: restaurant.immediatePaymentRequired, testMode: paymentMode().testMode }}
      />
    </HydrateClient>
  );
}
