#!/usr/bin/env node
// The `jaxpool` command (package.json `bin`): the work runs in this process, so a signal to it
// stops the work itself and nothing is left running.
import { main } from '../batch/cli.js';

process.exit(await main(process.argv));
