// JUnit XML as Trivy's contrib/junit.tpl renders a report (`--format template --template
// "@contrib/junit.tpl"`): per target, a suite with one failing test case per finding, then the template's
// (empty) misconfiguration suite, then for a license target a suite with one failing case per license, and for a
// file with secrets a suite with one failing case per secret. Titles and descriptions are escaped as Go's xml.EscapeText does; target
// names and other attributes are escaped too, where the template leaves them raw.
import type { ScanResult, TargetResult } from '../types.js';
import type { Reporter } from './types.js';

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '"': '&#34;',
  "'": '&#39;',
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};

/** Go's xml.EscapeText (the template's escapeXML). */
export function escapeXml(text: string): string {
  return text.replace(/["'&<>\t\n\r]/g, (c) => XML_ESCAPES[c] ?? c);
}

function properties(target: TargetResult): string {
  if (target.type === '') return '';
  return `\n        <properties>\n            <property name="type" value="${escapeXml(target.type)}"></property>\n        </properties>`;
}

function suites(target: TargetResult): string {
  const name = escapeXml(target.target);
  const count = target.vulnerabilities.length;
  const cases = target.vulnerabilities.map(
    (v) =>
      `\n        <testcase classname="${escapeXml(`${v.pkgName}-${v.installedVersion}`)}" name="[${v.severity}] ${escapeXml(v.vulnerabilityId)}" time="">` +
      `\n            <failure message="${escapeXml(v.title ?? '')}" type="description">${escapeXml(v.description ?? '')}</failure>` +
      '\n        </testcase>',
  );
  return (
    `\n    <testsuite tests="${count}" failures="${count}" name="${name}" errors="0" skipped="0" time="">${properties(target)}${cases.join('')}\n    </testsuite>` +
    `\n    <testsuite tests="0" failures="0" name="${name}" errors="0" skipped="0" time="">${properties(target)}\n    </testsuite>` +
    licenseSuite(target) +
    secretSuite(target)
  );
}

/** The template's licenses suite: one failing case per license, classed by its package. */
function licenseSuite(target: TargetResult): string {
  const licenses = target.licenses ?? [];
  if (licenses.length === 0) return '';
  const cases = licenses.map(
    (l) =>
      `\n        <testcase classname="${escapeXml(l.pkgName)}" name="[${l.severity}] ${escapeXml(l.name)}">` +
      '\n            <failure/>' +
      '\n        </testcase>',
  );
  return `\n    <testsuite tests="${licenses.length}" failures="${licenses.length}" name="${escapeXml(target.target)}" time="0">${cases.join('')}\n    </testsuite>`;
}

/** The template's secrets suite: one case per secret, classed by its rule, the masked match as the failure. */
function secretSuite(target: TargetResult): string {
  const secrets = target.secrets ?? [];
  if (secrets.length === 0) return '';
  const cases = secrets.map(
    (s) =>
      `\n        <testcase classname="${escapeXml(s.ruleId)}" name="[${s.severity}] ${escapeXml(s.title)}">` +
      `\n            <failure message="${escapeXml(s.title)}" type="description">${escapeXml(s.match)}</failure>` +
      '\n        </testcase>',
  );
  return `\n    <testsuite tests="${secrets.length}" failures="${secrets.length}" name="${escapeXml(target.target)}" time="0">${cases.join('')}\n    </testsuite>`;
}

export function junitXml(scan: ScanResult): string {
  return `<?xml version="1.0" ?>\n<testsuites name="barnacle">${scan.results.map(suites).join('')}\n</testsuites>\n`;
}

export const junit: Reporter = { id: 'junit', render: (result) => junitXml(result) };
