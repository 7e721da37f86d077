#!/usr/bin/env node
// Builds the documentation site into docs/site (run by `npm run docs` after every package is
// built): guides generated from workspace metadata, the NodePool schema and the adapters the
// CLI registers, plus the TypeDoc API reference of every public package. The implementation
// lives in docs/src (TypeScript, loaded through tsx); options: --require-member-docs,
// --keep-sources, --out DIR.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../docs/src/build-site.ts');
process.exitCode = await main(process.argv.slice(2));
