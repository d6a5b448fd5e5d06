// Trivy's builtin allow rules (pkg/fanal/secret/builtin-allow-rules.go): paths never scanned and matches
// never reported. Ids are Trivy's, for `disable-allow-rules`.
import type { AllowRuleSpec } from './rule.js';

export const BUILTIN_ALLOW_RULES: readonly AllowRuleSpec[] = [
  // `.dist-info` holds only metadata (version, license, entry points); aquasecurity/trivy#8212.
  { id: 'dist-info', description: 'Ignore Python .dist-info metadata directories', path: String.raw`\.dist-info\/` },
  { id: 'tests', description: 'Avoid test files and paths', path: String.raw`(^(?i)test|\/test|-test|_test|\.test)` },
  // e.g. botocore's data/organizations/2016-11-28/examples-1.json
  { id: 'examples', description: 'Avoid example files and paths', path: 'example', regex: '(?i)example' },
  { id: 'vendor', description: 'Vendor dirs', path: String.raw`\/vendor\/` },
  { id: 'usr-dirs', description: 'System dirs', path: String.raw`^usr\/(?:share|include|lib)\/` },
  { id: 'locale-dir', description: 'Locales directory contains locales file', path: String.raw`\/locales?\/` },
  { id: 'markdown', description: 'Markdown files', path: String.raw`\.md$` },
  { id: 'node.js', description: 'Node container images', path: String.raw`^opt\/yarn-v[\d.]+\/` },
  { id: 'golang', description: 'Go container images', path: String.raw`^usr\/local\/go\/` },
  { id: 'python', description: 'Python container images', path: String.raw`^usr\/local\/lib\/python[\d.]+\/` },
  { id: 'rubygems', description: 'Ruby container images', path: String.raw`^usr\/lib\/gems\/` },
  { id: 'wordpress', description: 'Wordpress container images', path: String.raw`^usr\/src\/wordpress\/` },
  { id: 'anaconda-log', description: 'Anaconda CI Logs in container images', path: String.raw`^var\/log\/anaconda\/` },
];
