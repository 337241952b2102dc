'use client';
// The sticky row of category chips. Plain in-page links (they work before
// any script runs); once hydrated, the chip of the category being read is
// marked and scrolled into view.
import { useEffect, useRef, useState } from 'react';
import styles from './category-nav.module.css';
import { categoryAnchor } from '@/server/shared/guest-paths';

export function CategoryNav({ categories }: { categories: { id: string; name: string }[] }) {
  const [current, setCurrent] = useState<string | null>(null);
  const navRef = useRef<HTMLElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    let frame = 0;
    const update = () => {
      frame = 0;
      const line = (navRef.current?.getBoundingClientRect().bottom ?? 0) + 16;
      let reading: string | null = null;
      for (const { id } of categories) {
        const section = document.getElementById(categoryAnchor(id));
        if (section && section.getBoundingClientRect().top <= line) reading = id;
      }
      // At the very bottom the last category can never reach the top: it is the one being read.
      const atBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
      if (atBottom && window.scrollY > 0) reading = categories[categories.length - 1]?.id ?? reading;
      setCurrent(reading);
    };
    const onScroll = () => {
      frame ||= requestAnimationFrame(update);
    };
    frame = requestAnimationFrame(update);
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      window.removeEventListener('scroll', onScroll);
      cancelAnimationFrame(frame);
    };
  }, [categories]);

  useEffect(() => {
    const list = listRef.current;
    const chip = current ? list?.querySelector<HTMLElement>(`[data-category="${current}"]`) : null;
    if (!list || !chip) return;
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    list.scrollTo({
      left: chip.offsetLeft - (list.clientWidth - chip.offsetWidth) / 2,
      behavior: still ? 'auto' : 'smooth',
    });
  }, [current]);

  return (
    <nav ref={navRef} aria-label="Menu categories" className={styles.nav}>
      <ul ref={listRef} className={`container ${styles.list}`}>
        {categories.map((category) => (
          <li key={category.id}>
            <a
              href={`#${categoryAnchor(category.id)}`}
              data-category={category.id}
              aria-current={current === category.id ? 'location' : undefined}
            >
              {category.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
