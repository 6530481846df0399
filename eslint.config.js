import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['build/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The engine, rules and analysis are pure: they never touch the outside world.
    files: ['src/core/**/*.ts', 'src/rules/**/*.ts', 'src/analysis/**/*.ts', 'src/catalog/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:fs', 'node:fs/*', 'fs', 'node:net', 'node:http', 'node:https', 'node:child_process', '**/cli/**', '**/sources/**', '**/scan/**'],
          message: 'core, rules, analysis and catalog are pure: no I/O and no imports from cli, sources or scan.' },
      ] }],
      'no-console': 'error',
    },
  },
  {
    // Sources read and parse input; judging it is the scan layer's (src/scan), which sits above sources and engine.
    files: ['src/sources/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/core/engine.js', '**/core/evaluate-object.js', '**/core/engine/**', '**/scan/**', '**/rules/**'],
          message: 'sources read input only: the scan layer (src/scan) runs the engine over it.' },
      ] }],
    },
  },
);
