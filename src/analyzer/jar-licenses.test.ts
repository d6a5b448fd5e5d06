import { describe, expect, it } from 'vitest';
import { fixtureFile, fixtureRoot } from '../../test/fixture-file.js';
import { jar } from './jar.js';
import {
  bundleLicenses,
  embeddedPomLicenses,
  embeddedPomName,
  manifestLicenses,
  pluginLicenseName,
} from './jar-licenses.js';

// Cases of Trivy's pkg/dependency/parser/java/jar/parse_test.go (TestParsePluginLicenseName, TestEmbeddedPomGAV,
// TestDecodePomLicenses, TestParseBundleLicense, TestParse) at the commit named in test/fixtures/analyzer/jar/README.md.

describe('Plugin-License-Name lines', () => {
  const cases: { name: string; line: string; want: string }[] = [
    {
      name: 'plugin license name',
      line: 'Plugin-License-Name: Apache License, Version 2.0',
      want: 'Apache License, Version 2.0',
    },
    { name: 'suffixed plugin license name', line: 'Plugin-License-Name-2: MIT License', want: 'MIT License' },
    { name: 'trims license name', line: 'Plugin-License-Name:  MIT License  ', want: 'MIT License' },
    { name: 'empty license name', line: 'Plugin-License-Name: ', want: '' },
    { name: 'non license line', line: 'Plugin-License-Url: https://opensource.org/licenses/MIT', want: '' },
  ];
  it.each(cases)('$name', ({ line, want }) => expect(pluginLicenseName(line)).toBe(want));
});

describe('embedded pom.xml paths', () => {
  const cases: { name: string; path: string; want: string | undefined }[] = [
    { name: 'valid path', path: 'META-INF/maven/com.example/demo/pom.xml', want: 'com.example:demo' },
    { name: 'wrong prefix', path: 'BOOT-INF/classes/pom.xml', want: undefined },
    { name: 'not pom.xml', path: 'META-INF/maven/com.example/demo/pom.properties', want: undefined },
    { name: 'missing artifactId', path: 'META-INF/maven/com.example/pom.xml', want: undefined },
    { name: 'empty groupId', path: 'META-INF/maven//demo/pom.xml', want: undefined },
  ];
  it.each(cases)('$name', ({ path, want }) => expect(embeddedPomName(path)).toBe(want));
});

describe('embedded pom.xml licenses', () => {
  const cases: { name: string; xml: string; want: string[] | undefined }[] = [
    {
      name: 'single license',
      xml: '<project><licenses><license><name>Apache-2.0</name></license></licenses></project>',
      want: ['Apache-2.0'],
    },
    {
      name: 'multiple licenses',
      xml: '<project><licenses><license><name>MIT</name></license><license><name>Apache-2.0</name></license></licenses></project>',
      want: ['MIT', 'Apache-2.0'],
    },
    {
      name: 'name with surrounding whitespace',
      xml: '<project><licenses><license><name>  Apache-2.0\n  </name></license></licenses></project>',
      want: ['Apache-2.0'],
    },
    {
      name: 'empty name is skipped',
      xml: '<project><licenses><license><name></name></license></licenses></project>',
      want: [],
    },
    {
      name: 'no licenses block (parent only)',
      xml: '<project><parent><groupId>com.example</groupId></parent></project>',
      want: [],
    },
    {
      name: 'empty name falls back to url resolved to SPDX ID',
      xml: '<project><licenses><license><name></name><url>https://www.apache.org/licenses/LICENSE-2.0.txt</url></license></licenses></project>',
      want: ['Apache-2.0'],
    },
    {
      name: 'name takes precedence over url',
      xml: '<project><licenses><license><name>The Apache Software License, Version 2.0</name><url>https://www.apache.org/licenses/LICENSE-2.0.txt</url></license></licenses></project>',
      want: ['The Apache Software License, Version 2.0'],
    },
    {
      name: 'unresolvable url is skipped',
      xml: '<project><licenses><license><name></name><url>https://example.com/my-license</url></license></licenses></project>',
      want: [],
    },
    {
      name: 'every <licenses> block counts, the last <name> of a license wins (Go decodes into one struct)',
      xml: '<project><licenses><license><name>A</name><name>B</name></license></licenses><licenses><license><name>C</name></license></licenses></project>',
      want: ['B', 'C'],
    },
    { name: 'not well-formed XML gives none (Trivy skips the file)', xml: '<project><licenses>', want: undefined },
  ];
  it.each(cases)('$name', ({ xml, want }) => expect(embeddedPomLicenses(xml)).toEqual(want));
});

describe('Bundle-License headers', () => {
  const cases: { name: string; header: string; want: string[] }[] = [
    { name: 'empty', header: '', want: [] },
    { name: 'SPDX ID', header: 'Apache-2.0', want: ['Apache-2.0'] },
    { name: 'SPDX ID is case-insensitive and canonicalized', header: 'apache-2.0', want: ['Apache-2.0'] },
    { name: 'license URL', header: 'https://www.apache.org/licenses/LICENSE-2.0.txt', want: ['Apache-2.0'] },
    {
      name: 'OSGi structured form resolved via link',
      header: '"Apache License 2.0";link="https://www.apache.org/licenses/LICENSE-2.0";description="Apache 2"',
      want: ['Apache-2.0'],
    },
    {
      name: 'name is an SPDX ID, link ignored',
      header: '"MIT";link="https://opensource.org/licenses/MIT"',
      want: ['MIT'],
    },
    {
      name: 'multiple entries',
      header: 'Apache-2.0, https://opensource.org/licenses/MIT',
      want: ['Apache-2.0', 'MIT'],
    },
    {
      name: 'comma inside a quoted description does not split the entry',
      header: 'Apache-2.0;description="Apache License, Version 2.0";link="https://www.apache.org/licenses/LICENSE-2.0"',
      want: ['Apache-2.0'],
    },
    {
      name: 'comma inside a quoted name does not split the entry',
      header: '"Eclipse Public License, Version 1.0";link="http://www.eclipse.org/legal/epl-v10.html"',
      want: ['EPL-1.0'],
    },
    {
      name: 'semicolon inside a quoted name does not start an attribute',
      header: '"Custom; License";link="https://opensource.org/licenses/MIT"',
      want: ['MIT'],
    },
    {
      name: 'spaces around the attribute assignment',
      header: '"Custom" ; link = "https://opensource.org/licenses/MIT"',
      want: ['MIT'],
    },
    {
      name: 'escaped quote does not end the quoted value',
      header: 'Apache-2.0;description="one \\"quote",MIT',
      want: ['Apache-2.0', 'MIT'],
    },
    {
      name: 'separator inside a value ending with an escaped quote',
      header: 'Apache-2.0;description="a \\"quoted\\" word, and a comma",MIT',
      want: ['Apache-2.0', 'MIT'],
    },
    {
      name: 'escaped backslash does not escape the closing quote',
      header: 'Apache-2.0;description="ends with a backslash\\\\",MIT',
      want: ['Apache-2.0', 'MIT'],
    },
    { name: 'EXTERNAL token is skipped', header: '<<EXTERNAL>>', want: [] },
    { name: 'free text is skipped', header: 'My Company License', want: [] },
    { name: 'unresolvable link is skipped', header: '"Custom";link="https://example.com/license"', want: [] },
    {
      name: 'resolvable and unresolvable entries mixed',
      header: 'Apache-2.0, My Company License',
      want: ['Apache-2.0'],
    },
  ];
  it.each(cases)('$name', ({ header, want }) => expect(bundleLicenses(header)).toEqual(want));
});

describe('MANIFEST.MF licenses', () => {
  const cases: { name: string; text: string; want: string[] }[] = [
    {
      name: 'Plugin-License-Name attributes win over Bundle-License',
      text: 'Manifest-Version: 1.0\nBundle-License: MIT\nPlugin-License-Name: Apache License, Version 2.0\n',
      want: ['Apache License, Version 2.0'],
    },
    {
      name: 'a folded Bundle-License is joined without a space',
      text: 'Manifest-Version: 1.0\r\nBundle-License: https://www.apache.org/licenses/LICE\r\n NSE-2.0.txt\r\n',
      want: ['Apache-2.0'],
    },
    {
      name: 'the last Bundle-License wins',
      text: 'Bundle-License: MIT\nBundle-License: Apache-2.0\n',
      want: ['Apache-2.0'],
    },
    {
      name: 'attributes after the main section are not read',
      text: 'Manifest-Version: 1.0\n\nName: org/example/\nBundle-License: MIT\n',
      want: [],
    },
    { name: 'a %variable is not a license', text: 'Bundle-License: %license\n', want: [] },
  ];
  it.each(cases)('$name', ({ text, want }) => expect(manifestLicenses(text)).toEqual(want));
});

describe('jar licenses of Trivy’s test archives', () => {
  const root = fixtureRoot('jar', 'trivy');
  const cases: { name: string; file: string; want: string[] }[] = [
    {
      name: 'a Jenkins plugin’s Plugin-License-Name attributes (wantJenkinsPlugin)',
      file: 'license-from-jenkins-plugin.jar',
      want: ['com.example:jenkins-plugin 1.0.0: Apache License, Version 2.0 | MIT License'],
    },
    {
      name: 'two packed license files: the owner is ambiguous, no license (wantMultiLicense)',
      file: 'multi-license-1.0.0.jar',
      want: ['com.example:multi-license 1.0.0: '],
    },
    {
      name: 'a shaded jar: each package gets the license of the pom.xml of its name (wantFatjar)',
      file: 'hadoop-shaded-guava-1.1.0-SNAPSHOT.jar',
      want: [
        'com.google.guava:failureaccess 1.0.1: ',
        'com.google.guava:guava 29.0-jre: ',
        'com.google.guava:listenablefuture 9999.0-empty-to-avoid-conflict-with-guava: ',
        'com.google.j2objc:j2objc-annotations 1.3: The Apache Software License, Version 2.0',
        'org.apache.hadoop.thirdparty:hadoop-shaded-guava 1.1.0-SNAPSHOT: ',
      ],
    },
  ];
  it.each(cases)('$name', async ({ file, want }) => {
    const result = await jar.analyze(fixtureFile(root, file));
    const packages = result.applications?.flatMap((app) => app.packages) ?? [];
    expect(packages.map((p) => `${p.name} ${p.version}: ${(p.licenses ?? []).join(' | ')}`).sort()).toEqual(want);
    expect(result.problems).toEqual([]);
  });
});
