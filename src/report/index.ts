// Every report format, by Trivy's format name.
import { registry } from '../registry.js';
import { json } from './json.js';
import { table } from './table.js';
import type { Reporter } from './types.js';

export const reporters = registry<Reporter>([json, table]);
