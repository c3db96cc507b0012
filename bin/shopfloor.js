#!/usr/bin/env node
// The installed `shopfloor` command: runs the TypeScript command line through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../electron/core/cli.ts');
