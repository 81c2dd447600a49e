// Lint: the recommended rules of ESLint and typescript-eslint, and nothing stylistic (Prettier formats).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/corpus/**', 'coverage/**', 'src/report/assets.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `{ unwanted: _, ...rest }` drops a field on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
        __filename: 'readonly',
      },
    },
  },
  {
    // CommonJS scripts run by Node: the bundle's loader and the build step that trains its cache.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The report's script runs in a browser, as a classic inline script.
    files: ['src/report/assets/report.js'],
    languageOptions: { sourceType: 'script', globals: { document: 'readonly' } },
  },
);
