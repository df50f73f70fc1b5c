#!/usr/bin/env node
// Scaffolds a workspace package: node scripts/new-package.mjs <dir> <name> "<description>"
// Writes package.json, tsconfig.json, tsup.config.ts and src/index.ts if absent.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, name, description = ''] = process.argv.slice(2);
if (!dir || !name) {
  console.error('usage: node scripts/new-package.mjs <dir> <name> "<description>"');
  process.exit(2);
}
mkdirSync(join(dir, 'src'), { recursive: true });
mkdirSync(join(dir, 'test'), { recursive: true });
const write = (file, text) => {
  const p = join(dir, file);
  if (!existsSync(p)) writeFileSync(p, text);
};
write(
  'package.json',
  JSON.stringify(
    {
      name,
      version: '0.0.0',
      description,
      license: 'MIT',
      type: 'module',
      sideEffects: false,
      exports: {
        '.': {
          '@scall/source': './src/index.ts',
          types: './dist/index.d.ts',
          default: './dist/index.js',
        },
        './package.json': './package.json',
      },
      main: './dist/index.js',
      types: './dist/index.d.ts',
      files: ['dist', 'src', 'README.md'],
      engines: { node: '>=20' },
      publishConfig: { access: 'public' },
      scripts: {
        build: 'tsup',
        typecheck: 'tsc --noEmit',
        lint: 'publint --strict && attw --pack . --profile esm-only --quiet',
      },
      dependencies: {},
      devDependencies: {},
    },
    null,
    2,
  ) + '\n',
);
write(
  'tsconfig.json',
  JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src', 'test'] }, null, 2) + '\n',
);
write(
  'tsup.config.ts',
  `import { defineConfig } from 'tsup';\n\nexport default defineConfig({\n  entry: ['src/index.ts'],\n  format: ['esm'],\n  dts: true,\n  sourcemap: true,\n  clean: true,\n  target: 'node20',\n});\n`,
);
write('src/index.ts', 'export {};\n');
