// Flat ESLint config for the whole repository (`npm run lint`). Type-aware rules on every TypeScript package.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const typeAware = ['backend', 'protocols', 'seeds', 'templates'].map((pkg) => ({
  files: [`${pkg}/**/*.ts`],
  languageOptions: { parserOptions: { project: `./${pkg}/tsconfig.json`, tsconfigRootDir: import.meta.dirname } },
}));

// the frontend brings its own Angular rules; until it has them, it is not linted from here
let frontend = [{ ignores: ['frontend/**'] }];
try {
  frontend = (await import('./frontend/eslint.config.js')).default;
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.angular/**',
      '**/.nx/**',
      'data/**',
      'frontend/**/*.js',
      'e2e/screenshots/**',
      'frontend/src/app/api/schema.ts',
    ],
  },
  {
    files: ['backend/**/*.ts', 'protocols/**/*.ts', 'seeds/**/*.ts', 'templates/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...typeAware,
  {
    // Jasmine specs use `fail`, async matchers and any-typed JSON bodies from supertest
    files: ['**/*.spec.ts', 'backend/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
  {
    // code passed to page.evaluate runs in the browser
    files: ['e2e/**/*.mjs'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly', getComputedStyle: 'readonly' } },
  },
  ...frontend,
);
