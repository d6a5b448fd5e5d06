import { describe, expect, it } from 'vitest';
import type { OS, Package } from '../types.js';
import { pathEscape, purlOf, queryEscape } from './purl.js';

const pkg = (fields: Partial<Package> & { name: string; version: string }): Package => ({ id: '', ...fields });
const debian102: OS = { family: 'debian', name: '10.2' };

// The deb and centos strings are Trivy v0.44.1's own output (its integration/testdata/*.golden files). The others
// are the components expected by its pkg/purl/purl_test.go (maven, yarn, pypi, gomod, conda, composer, pub, swift, cocoapods), or
// read from pkg/purl/purl.go (apk, SLES, no OS), printed as packageurl-go v0.1.1's ToString does.
describe('purlOf', () => {
  const cases: { name: string; type: string; os?: OS; pkg: Package; want: string | undefined }[] = [
    {
      name: 'a deb package carries arch and distro, in that order',
      type: 'debian',
      os: debian102,
      pkg: pkg({ name: 'libssl1.1', version: '1.1.1d', release: '0+deb10u2', arch: 'amd64' }),
      want: 'pkg:deb/debian/libssl1.1@1.1.1d-0%2Bdeb10u2?arch=amd64&distro=debian-10.2',
    },
    {
      name: 'a deb epoch becomes a qualifier, qualifiers sorted by key',
      type: 'debian',
      os: debian102,
      pkg: pkg({ name: 'libgmp10', version: '6.1.2+dfsg', release: '4', epoch: 2, arch: 'amd64' }),
      want: 'pkg:deb/debian/libgmp10@6.1.2%2Bdfsg-4?arch=amd64&distro=debian-10.2&epoch=2',
    },
    {
      name: 'plus signs in a name are escaped, in a version they are not',
      type: 'debian',
      os: debian102,
      pkg: pkg({ name: 'libstdc++6', version: '8.3.0', release: '6', arch: 'amd64' }),
      want: 'pkg:deb/debian/libstdc%2B%2B6@8.3.0-6?arch=amd64&distro=debian-10.2',
    },
    {
      name: 'tildes stay as they are in a version',
      type: 'debian',
      os: debian102,
      pkg: pkg({ name: 'libbz2-1.0', version: '1.0.6', release: '9.2~deb10u1', arch: 'amd64' }),
      want: 'pkg:deb/debian/libbz2-1.0@1.0.6-9.2~deb10u1?arch=amd64&distro=debian-10.2',
    },
    {
      name: 'an rpm package is namespaced by the family, with its epoch as a qualifier',
      type: 'centos',
      os: { family: 'centos', name: '7.6.1810' },
      pkg: pkg({ name: 'openssl-libs', version: '1.0.2k', release: '16.el7', epoch: 1, arch: 'x86_64' }),
      want: 'pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&distro=centos-7.6.1810&epoch=1',
    },
    {
      name: 'SLES is written sles, and a modularity label comes last',
      type: 'suse linux enterprise server',
      os: { family: 'suse linux enterprise server', name: '15.3' },
      pkg: pkg({ name: 'nodejs', version: '12.22', release: '1', arch: 'x86_64', modularityLabel: 'nodejs:12:1:abc' }),
      want: 'pkg:rpm/sles/nodejs@12.22-1?arch=x86_64&distro=sles-15.3&modularitylabel=nodejs:12:1:abc',
    },
    {
      name: 'an apk package has the bare OS version as its distro',
      type: 'alpine',
      os: { family: 'alpine', name: '3.18.4' },
      pkg: pkg({ name: 'musl', version: '1.2.4-r2', arch: 'x86_64' }),
      want: 'pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=3.18.4',
    },
    {
      name: "today's SLES family is namespaced suse, its distro keeps sles",
      type: 'sles',
      os: { family: 'sles', name: '15.5' },
      pkg: pkg({ name: 'glibc', version: '2.31', release: '150300.41.1', arch: 'x86_64' }),
      want: 'pkg:rpm/suse/glibc@2.31-150300.41.1?arch=x86_64&distro=sles-15.5',
    },
    {
      name: 'openSUSE Leap is namespaced opensuse',
      type: 'opensuse-leap',
      os: { family: 'opensuse-leap', name: '15.5' },
      pkg: pkg({ name: 'zlib', version: '1.2.13', release: '150500.4.3.1', arch: 'x86_64' }),
      want: 'pkg:rpm/opensuse/zlib@1.2.13-150500.4.3.1?arch=x86_64&distro=opensuse-leap-15.5',
    },
    {
      name: 'a CBL-Mariner package is an rpm',
      type: 'cbl-mariner',
      os: { family: 'cbl-mariner', name: '2.0.20220226' },
      pkg: pkg({ name: 'curl', version: '7.76.0', release: '6.cm2', arch: 'x86_64' }),
      want: 'pkg:rpm/cbl-mariner/curl@7.76.0-6.cm2?arch=x86_64&distro=cbl-mariner-2.0.20220226',
    },
    {
      name: 'a jar is namespaced by its group id',
      type: 'jar',
      pkg: pkg({ name: 'org.springframework:spring-core', version: '5.3.14' }),
      want: 'pkg:maven/org.springframework/spring-core@5.3.14',
    },
    {
      name: 'a scoped npm name is split at the slash, the at-sign escaped',
      type: 'yarn',
      pkg: pkg({ name: '@xtuc/ieee754', version: '1.2.0' }),
      want: 'pkg:npm/%40xtuc/ieee754@1.2.0',
    },
    {
      name: 'a PyPI name is lower-cased with underscores as dashes',
      type: 'python-pkg',
      pkg: pkg({ name: 'Django_test', version: '1.2.0' }),
      want: 'pkg:pypi/django-test@1.2.0',
    },
    {
      name: 'a Go module path is lower-cased and split at its last slash',
      type: 'gomod',
      pkg: pkg({ name: 'github.com/go-sql-driver/Mysql', version: 'v1.5.0' }),
      want: 'pkg:golang/github.com/go-sql-driver/mysql@v1.5.0',
    },
    {
      name: 'a conda package keeps its name',
      type: 'conda-pkg',
      pkg: pkg({ name: 'absl-py', version: '0.4.1' }),
      want: 'pkg:conda/absl-py@0.4.1',
    },
    {
      name: 'a composer package is split at the slash',
      type: 'composer',
      pkg: pkg({ name: 'symfony/contracts', version: 'v1.0.2' }),
      want: 'pkg:composer/symfony/contracts@v1.0.2',
    },
    {
      name: 'a uv package is a PyPI package, lower-cased',
      type: 'uv',
      pkg: pkg({ name: 'Typing_Extensions', version: '4.12.2' }),
      want: 'pkg:pypi/typing-extensions@4.12.2',
    },
    {
      name: 'a Directory.Packages.props package is a NuGet package',
      type: 'packages-props',
      pkg: pkg({ name: 'Newtonsoft.Json', version: '13.0.3' }),
      want: 'pkg:nuget/Newtonsoft.Json@13.0.3',
    },
    {
      name: 'a pub package has the pub type',
      type: 'pub',
      pkg: pkg({ name: 'http', version: '0.13.2' }),
      want: 'pkg:pub/http@0.13.2',
    },
    {
      name: 'a swift package is namespaced by its repository path',
      type: 'swift',
      pkg: pkg({ name: 'github.com/apple/swift-atomics', version: '1.1.0' }),
      want: 'pkg:swift/github.com/apple/swift-atomics@1.1.0',
    },
    {
      name: 'a cocoapods package has the cocoapods type',
      type: 'cocoapods',
      pkg: pkg({ name: 'GoogleUtilities', version: '7.5.2' }),
      want: 'pkg:cocoapods/GoogleUtilities@7.5.2',
    },
    {
      name: 'the epoch is a qualifier for language packages too',
      type: 'gemspec',
      pkg: pkg({ name: 'rake', version: '13.0.6', epoch: 1 }),
      want: 'pkg:gem/rake@13.0.6?epoch=1',
    },
    {
      name: 'a package without a name has no purl',
      type: 'npm',
      pkg: pkg({ name: '', version: '1.0.0' }),
      want: undefined,
    },
  ];
  it.each(cases)('$name', ({ type, os, pkg, want }) => expect(purlOf(type, os, pkg)).toBe(want));
});

describe("Go's escaping", () => {
  // What url.QueryEscape and url.PathEscape give by net/url's shouldEscape (encodeQueryComponent,
  // encodePathSegment): unreserved kept, space as '+' in a query, '$&+:=@' kept in a path segment.
  const cases: { input: string; query: string; path: string }[] = [
    { input: 'a b', query: 'a+b', path: 'a%20b' },
    { input: 'a/b;c,d?e', query: 'a%2Fb%3Bc%2Cd%3Fe', path: 'a%2Fb%3Bc%2Cd%3Fe' },
    { input: '$&+:=@', query: '%24%26%2B%3A%3D%40', path: '$&+:=@' },
    { input: '-_.~', query: '-_.~', path: '-_.~' },
    { input: 'é', query: '%C3%A9', path: '%C3%A9' },
  ];
  it.each(cases)('$input', ({ input, query, path }) => {
    expect(queryEscape(input)).toBe(query);
    expect(pathEscape(input)).toBe(path);
  });
});
