import { beforeAll, describe, expect, it } from 'vitest';
import { type BinaryImage, binaryImage } from '../../test/binary-images.js';
import { fixtureFile, fixtureRoot } from '../../test/fixture-file.js';
import { jar, manifestProperties } from './jar.js';

const coordinates = (packages: readonly { name: string; version: string; filePath?: string }[] | undefined) =>
  (packages ?? []).map((p) => `${p.name} ${p.version} ${p.filePath}`).sort();

describe('jar', () => {
  const wants: { name: string; path: string; want: boolean }[] = [
    { name: 'a jar', path: 'usr/share/java/commons-io-2.11.0.jar', want: true },
    { name: 'a war', path: 'opt/tomcat/webapps/app.war', want: true },
    { name: 'an ear', path: 'opt/app/app.ear', want: true },
    { name: 'a par', path: 'opt/app/app.par', want: true },
    { name: 'an upper-case extension', path: 'opt/APP.JAR', want: true },
    { name: 'a pom', path: 'root/.m2/repository/x/x/1/x-1.pom', want: false },
    { name: 'a name merely containing .jar', path: 'usr/share/java/jar.d/readme', want: false },
  ];
  it.each(wants)('wants: $name', ({ path, want }) => expect(jar.wants(path, 1000, 0o644)).toBe(want));

  let image: BinaryImage;
  beforeAll(async () => {
    image = await binaryImage();
  }, 600_000);

  it("finds the coordinates of each Debian jar's pom.properties, and MANIFEST.MF coordinates for the others", async () => {
    // truth/pom-properties.tsv: path, groupId:artifactId, version as unzip read them from each jar's pom.properties.
    const truth = image
      .truth('pom-properties.tsv')
      .trimEnd()
      .split('\n')
      .map((line) => line.split('\t'));
    for (const [path = '', name, version] of truth) {
      const result = await jar.analyze(fixtureFile(image.rootfs, path));
      expect(result.problems).toEqual([]);
      const packages = result.applications?.[0]?.packages;
      if (name) expect(coordinates(packages)).toEqual([`${name} ${version} ${path}`]);
      else if (path.endsWith('guice-jmx-4.2.3.jar'))
        // Bundle-SymbolicName com.google.inject.tools.jmx, Bundle-Name guice-jmx, Bundle-Version 4.2.3.
        expect(coordinates(packages)).toEqual([`com.google.inject.tools:guice-jmx 4.2.3 ${path}`]);
      else expect(packages).toBeUndefined(); // aopalliance: neither pom.properties nor a version in its manifest
    }
  });

  it('opens the jars nested in a war, each with its own path', async () => {
    const result = await jar.analyze(fixtureFile(image.rootfs, 'usr/local/lib/app.war'));
    expect(result.problems).toEqual([]);
    expect(result.applications?.[0]).toMatchObject({ type: 'jar', filePath: 'usr/local/lib/app.war' });
    expect(coordinates(result.applications?.[0]?.packages)).toEqual([
      'com.google.inject.tools:guice-jmx 4.2.3 usr/local/lib/app.war/WEB-INF/lib/guice-jmx-4.2.3.jar',
      'commons-io:commons-io 2.11.0 usr/local/lib/app.war/WEB-INF/lib/commons-io-2.11.0.jar',
    ]);
    // Trivy's jar parser gives its packages no ID (pkg/dependency/parser/java/jar/types.go).
    expect(result.applications?.[0]?.packages.map((p) => p.id)).toEqual(['', '']);
  });

  const bad: { name: string; path: string; packages: string[]; problems: [string, RegExp][] }[] = [
    {
      name: 'a nested jar inflating to 80 MiB is skipped, the rest is read',
      path: 'app/bomb.jar',
      packages: ['org.example:victim 1.0.0 app/bomb.jar'],
      problems: [['app/bomb.jar/WEB-INF/lib/zeros.jar', /over the limit of 67108864 bytes/]],
    },
    {
      name: 'entries climbing out of the archive are skipped and reported',
      path: 'app/slip.jar',
      packages: ['org.example:victim 1.0.0 app/slip.jar'],
      problems: [
        ['app/slip.jar', /"\.\.\/\.\.\/escaped\.jar" points outside the archive/],
        ['app/slip.jar', /"\.\.\/etc\/passwd" points outside the archive/],
      ],
    },
    {
      name: 'an entry inflating past the size its headers give is a problem',
      path: 'app/liar.jar',
      packages: [],
      problems: [['app/liar.jar', /MANIFEST\.MF/]],
    },
    {
      name: 'a file that is not a zip is a problem',
      path: 'app/notzip.jar',
      packages: [],
      problems: [['app/notzip.jar', /not a valid zip archive/]],
    },
  ];
  it.each(bad)('$name', async ({ path, packages, problems }) => {
    const result = await jar.analyze(fixtureFile(fixtureRoot('jar', 'bad'), path));
    expect(coordinates(result.applications?.[0]?.packages)).toEqual(packages);
    expect(result.problems.map((p) => p.path)).toEqual(problems.map(([where]) => where));
    for (const [i, problem] of result.problems.entries()) expect(problem.reason).toMatch(problems[i]?.[1] ?? /^$/);
  });

  const manifests: { name: string; text: string; want: Record<string, string | undefined> }[] = [
    {
      name: 'Implementation attributes',
      text: 'Manifest-Version: 1.0\r\nImplementation-Title: jackson-databind\r\nImplementation-Version: 2.13.4\r\nImplementation-Vendor-Id: com.fasterxml.jackson.core\r\n',
      want: { groupId: 'com.fasterxml.jackson.core', artifactId: 'jackson-databind', version: '2.13.4' },
    },
    {
      name: 'a folded value is unfolded',
      text: 'Implementation-Title: spring-\n core\nImplementation-Version: 5.3.4\nImplementation-Vendor: org.spring\n framework\n',
      want: { groupId: 'org.springframework', artifactId: 'spring-core', version: '5.3.4' },
    },
    {
      name: 'attributes of later sections are not the archive',
      text: 'Manifest-Version: 1.0\n\nName: org/x/\nImplementation-Title: x\nImplementation-Version: 1\nImplementation-Vendor: x\n',
      want: { groupId: undefined, artifactId: undefined, version: undefined },
    },
    {
      name: 'variables are skipped',
      text: 'Bundle-Name: %bundleName\nBundle-SymbolicName: org.example.lib\nBundle-Version: 1.2\n',
      want: { groupId: 'org.example', artifactId: undefined, version: '1.2' },
    },
  ];
  it.each(manifests)('MANIFEST.MF: $name', ({ text, want }) => {
    const props = manifestProperties(text);
    expect({ groupId: props.groupId, artifactId: props.artifactId, version: props.version }).toEqual(want);
  });
});
