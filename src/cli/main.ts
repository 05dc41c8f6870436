/** The `kabar` command's entry point: runs the program and prints a failure in one line. */
import { buildProgram } from './program.js';
import { describeFailure } from './cli.errors.js';

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    const debug = process.env['KABAR_DEBUG'] !== undefined && process.env['KABAR_DEBUG'] !== '' && process.env['KABAR_DEBUG'] !== '0';
    process.stderr.write(`kabar: ${describeFailure(error, debug)}\n`);
    process.exit(1);
  });
