// Tailwind 4 for the console's stylesheet (app/admin/console.css). Files
// without Tailwind's at-rules (globals.css, the guest CSS modules) pass
// through unchanged.
const config = {
  plugins: { '@tailwindcss/postcss': {} },
};

export default config;
