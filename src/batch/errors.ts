// Batch-job failures, by what the user should do about them (the CLI maps them to exit codes).
// From core directly: this class is defined while the package entry (which re-exports it) is still loading.
import { JaxpoolError } from '../core/errors.js';

/** Bad input (arguments, files, module, function): nothing was computed. The CLI exits with 2. */
export class BatchInputError extends JaxpoolError {}

/** The run was stopped (Ctrl-C, SIGTERM, an aborted signal); what finished is kept for `resume`. The CLI exits with 130. */
export class BatchInterruptedError extends JaxpoolError {}
