#!/usr/bin/env node
// The `kubenode` command. This file is committed (dist/ is not) so that `npm ci` links it into
// node_modules/.bin on a clean clone: npm links a workspace's bins before the root `prepare`
// script builds dist/, and skips bins whose file does not exist yet.
try {
  await import('../dist/bin.js');
} catch (error) {
  const missing =
    error !== null &&
    typeof error === 'object' &&
    error.code === 'ERR_MODULE_NOT_FOUND' &&
    String(error.message).includes(new URL('../dist/bin.js', import.meta.url).pathname);
  if (!missing) throw error;
  process.stderr.write(
    'kubenode: @kubenode/cli is not built (dist/bin.js is missing); run `npm run build`\n',
  );
  process.exitCode = 4;
}
