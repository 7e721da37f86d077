import { runCli } from './run-cli.js';

// A reader that stops early (`kubenode catalog list --output json | head`) closes the pipe. The
// data is no longer wanted: stop quietly instead of dying on an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit();
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2));
