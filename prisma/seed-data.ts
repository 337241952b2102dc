// The demo restaurants of SPEC §6. Tests and documentation rely on these
// names, tokens and sign-ins: change them only together with SPEC.
// Prices are minor units of each restaurant's currency (JPY has none).

export type SeedProduct = { name: string; description: string; price: number; available?: boolean };
export type SeedCategory = { name: string; products: SeedProduct[] };
export type SeedRestaurant = {
  name: string;
  slug: string;
  currency: string;
  immediatePaymentRequired: boolean;
  owner: { email: string; password: string; name: string };
  tablePrefix: string;
  tableCount: number;
  categories: SeedCategory[];
};

export const operator = { email: 'ops@tableside.test', password: 'ops-pass-1234', name: 'Tableside Operations' };

export const restaurants: SeedRestaurant[] = [
  {
    name: 'Demo Bistro',
    slug: 'demo-bistro',
    currency: 'EUR',
    immediatePaymentRequired: false,
    owner: { email: 'owner@demo-bistro.test', password: 'demo-bistro-pass', name: 'Camille Laurent' },
    tablePrefix: 'demo-t',
    tableCount: 5,
    categories: [
      {
        name: 'Starters',
        products: [
          {
            name: 'French Onion Soup',
            description: 'Slow-cooked onions, beef broth, gratinéed Comté crouton.',
            price: 850,
          },
          {
            name: 'Burrata & Heirloom Tomatoes',
            description: 'Creamy burrata, basil oil, aged balsamic, sourdough.',
            price: 1150,
          },
          {
            name: 'Escargots de Bourgogne',
            description: 'Six snails in garlic-parsley butter, baguette for dipping.',
            price: 1250,
          },
          {
            name: 'Steak Tartare (starter)',
            description: 'Hand-cut beef, capers, shallot, egg yolk, toasted brioche.',
            price: 1350,
            available: false,
          },
        ],
      },
      {
        name: 'Mains',
        products: [
          { name: 'Steak Frites', description: '250 g bavette, peppercorn sauce, hand-cut fries.', price: 2450 },
          { name: 'Duck Confit', description: 'Crisp leg, garlic potatoes, frisée salad with lardons.', price: 2250 },
          {
            name: 'Moules Marinières',
            description: 'Mussels in white wine, shallots and cream, with fries.',
            price: 1950,
          },
          {
            name: 'Mushroom Risotto',
            description: 'Carnaroli rice, wild mushrooms, parmesan, thyme. Vegetarian.',
            price: 1750,
          },
        ],
      },
      {
        name: 'Desserts',
        products: [
          { name: 'Crème Brûlée', description: 'Vanilla custard under a crackling caramel crust.', price: 750 },
          { name: 'Tarte Tatin', description: 'Caramelised apples on puff pastry, crème fraîche.', price: 850 },
          { name: 'Chocolate Mousse', description: 'Dark chocolate, sea salt, whipped cream.', price: 700 },
        ],
      },
      {
        name: 'Drinks',
        products: [
          { name: 'House Red (glass)', description: 'Côtes du Rhône, 150 ml.', price: 650 },
          { name: 'Sparkling Water', description: 'Bottle, 750 ml.', price: 450 },
          { name: 'Espresso', description: 'Single shot, house blend.', price: 280 },
        ],
      },
    ],
  },
  {
    name: 'Instant Café',
    slug: 'instant-cafe',
    currency: 'USD',
    immediatePaymentRequired: true,
    owner: { email: 'owner@instant-cafe.test', password: 'instant-cafe-pass', name: 'Jordan Reyes' },
    tablePrefix: 'instant-t',
    tableCount: 3,
    categories: [
      {
        name: 'Coffee',
        products: [
          { name: 'Flat White', description: 'Double ristretto, velvety steamed milk.', price: 475 },
          { name: 'Cold Brew', description: 'Steeped 18 hours, served over ice.', price: 450 },
          { name: 'Cappuccino', description: 'Espresso, steamed milk, thick foam.', price: 425 },
          { name: 'Pour Over', description: 'Single-origin Ethiopian, bright and floral.', price: 550 },
          { name: 'Oat Milk Latte', description: 'Espresso with steamed oat milk.', price: 525 },
        ],
      },
      {
        name: 'Breakfast',
        products: [
          { name: 'Avocado Toast', description: 'Sourdough, smashed avocado, chili flakes, lemon.', price: 1150 },
          { name: 'Breakfast Burrito', description: 'Scrambled eggs, black beans, cheddar, salsa verde.', price: 1250 },
          { name: 'Greek Yogurt Bowl', description: 'Honey, seasonal fruit, house granola.', price: 875 },
          {
            name: 'Eggs Benedict',
            description: 'Poached eggs, ham, hollandaise, English muffin.',
            price: 1400,
            available: false,
          },
        ],
      },
      {
        name: 'Pastries',
        products: [
          { name: 'Butter Croissant', description: 'Laminated in house every morning.', price: 375 },
          { name: 'Blueberry Muffin', description: 'Wild blueberries, crumb topping.', price: 350 },
          { name: 'Cinnamon Roll', description: 'Brown-butter glaze.', price: 425 },
        ],
      },
    ],
  },
  {
    name: 'Sakura Sushi',
    slug: 'sakura-sushi',
    currency: 'JPY',
    immediatePaymentRequired: false,
    owner: { email: 'owner@sakura.test', password: 'sakura-pass', name: 'Haruto Sato' },
    tablePrefix: 'sakura-t',
    tableCount: 3,
    categories: [
      {
        name: 'Nigiri',
        products: [
          { name: 'Salmon Nigiri', description: 'Two pieces, Norwegian salmon.', price: 480 },
          { name: 'Tuna Nigiri', description: 'Two pieces, lean bluefin akami.', price: 580 },
          { name: 'Otoro Nigiri', description: 'Two pieces, fatty bluefin belly.', price: 1200, available: false },
          { name: 'Eel Nigiri', description: 'Two pieces, grilled freshwater eel, tare glaze.', price: 620 },
        ],
      },
      {
        name: 'Rolls',
        products: [
          { name: 'California Roll', description: 'Crab, avocado, cucumber, tobiko. Eight pieces.', price: 880 },
          { name: 'Spicy Tuna Roll', description: 'Tuna, chili mayo, scallion. Eight pieces.', price: 980 },
          { name: 'Kappa Maki', description: 'Cucumber roll. Six pieces. Vegan.', price: 420 },
          { name: 'Dragon Roll', description: 'Shrimp tempura inside, avocado and eel on top.', price: 1480 },
        ],
      },
      {
        name: 'Hot Dishes',
        products: [
          { name: 'Miso Soup', description: 'Tofu, wakame, scallion.', price: 300 },
          { name: 'Chicken Karaage', description: 'Crisp marinated chicken, lemon, Kewpie mayo.', price: 780 },
          { name: 'Vegetable Tempura', description: 'Seasonal vegetables, tentsuyu dipping sauce.', price: 850 },
        ],
      },
      {
        name: 'Drinks',
        products: [
          { name: 'Green Tea', description: 'Hot sencha, refilled on request.', price: 250 },
          { name: 'Asahi Super Dry', description: 'Draught, 500 ml.', price: 650 },
        ],
      },
    ],
  },
];
