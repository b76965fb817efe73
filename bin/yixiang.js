#!/usr/bin/env node
import { runCli } from '../dist/server/cli/index.js';

await runCli(process.argv);
