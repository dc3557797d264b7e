// ESLint flat config for the Angular app (CommonJS). The root eslint.config can spread it:
//   const frontend = require('./frontend/eslint.config.js');   // or: import frontend from './frontend/eslint.config.js'
//   module.exports = [...frontend, ...];
// Every block carries `basePath: __dirname`, so its patterns stay relative to frontend/ wherever it is imported.
const { defineConfig } = require('eslint/config');
const tseslint = require('typescript-eslint');
const angular = require('angular-eslint');

const base = { basePath: __dirname };

module.exports = defineConfig(
  { ...base, ignores: ['dist/**', '.angular/**', 'out-tsc/**', 'coverage/**', 'node_modules/**'] },
  {
    ...base,
    files: ['src/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked, tseslint.configs.stylisticTypeChecked, angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.app.json', './tsconfig.spec.json'],
        tsconfigRootDir: __dirname,
      },
    },
    rules: {
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'app', style: 'camelCase' }],
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'app', style: 'kebab-case' }],
      '@angular-eslint/prefer-on-push-component-change-detection': 'error',
      '@angular-eslint/prefer-standalone': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-definitions': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Angular's `Validators.required` etc. are static functions meant to be passed around.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    ...base,
    files: ['src/**/*.spec.ts', 'src/testing/**/*.ts'],
    rules: {
      // Specs reach into the DOM they just rendered; a missing element fails the test either way.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    ...base,
    files: ['src/**/*.html'],
    extends: [angular.configs.templateRecommended, angular.configs.templateAccessibility],
    rules: {
      '@angular-eslint/template/prefer-control-flow': 'error',
      '@angular-eslint/template/button-has-type': 'error',
    },
  },
  {
    ...base,
    files: ['*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' },
    },
  },
);
