// Every report format, by Trivy's format name.
import { registry } from '../registry.js';
import { cosignVuln } from './cosign-vuln.js';
import { cyclonedx } from './cyclonedx.js';
import { github } from './github.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { spdxJson } from './spdx.js';
import { spdxTagValueReport } from './spdx-tag-value.js';
import { table } from './table.js';
import { template } from './template.js';
import type { Reporter } from './types.js';

export const reporters = registry<Reporter>([
  cosignVuln,
  cyclonedx,
  github,
  json,
  junit,
  markdown,
  sarif,
  spdxJson,
  spdxTagValueReport,
  table,
  template,
]);
