// Every analyzer, by Trivy's analyzer type name.
import { registry } from '../registry.js';
import { alpine } from './alpine.js';
import { amazonlinux } from './amazonlinux.js';
import { apk } from './apk.js';
import { bun } from './bun.js';
import { bundler } from './bundler.js';
import { cargo } from './cargo.js';
import { composer } from './composer.js';
import { composerVendor } from './composer-vendor.js';
import { condaPkg } from './conda-pkg.js';
import { csproj } from './csproj.js';
import { debian } from './debian.js';
import { dotnetDeps } from './dotnet-deps.js';
import { dpkg } from './dpkg.js';
import { dpkgLicense } from './dpkg-license.js';
import { gemspec } from './gemspec.js';
import { goBinary } from './go-binary.js';
import { gomod } from './gomod.js';
import { gradleLockfile } from './gradle-lockfile.js';
import { jar } from './jar.js';
import { mixLock } from './mix-lock.js';
import { nodePkg } from './node-pkg.js';
import { npm } from './npm.js';
import { nugetLock } from './nuget-lock.js';
import { osRelease } from './os-release.js';
import { packagesProps } from './packages-props.js';
import { pip } from './pip.js';
import { pipenv } from './pipenv.js';
import { pnpm } from './pnpm.js';
import { poetry } from './poetry.js';
import { pom } from './pom.js';
import { pubspec } from './pubspec.js';
import { pythonEgg } from './python-egg.js';
import { pythonPkg } from './python-pkg.js';
import { alma, centos, fedora, oracle, redhatBase, rocky } from './redhat-base.js';
import { rpm } from './rpm.js';
import { rustBinary } from './rust-binary.js';
import { swiftResolved } from './swift-resolved.js';
import type { Analyzer } from './types.js';
import { ubuntu } from './ubuntu.js';
import { ubuntuEsm } from './ubuntu-esm.js';
import { uv } from './uv.js';
import { yarn } from './yarn.js';

export const analyzers = registry<Analyzer>([
  alma,
  alpine,
  amazonlinux,
  apk,
  bun,
  bundler,
  cargo,
  centos,
  composer,
  composerVendor,
  condaPkg,
  csproj,
  debian,
  dotnetDeps,
  dpkg,
  dpkgLicense,
  fedora,
  gemspec,
  goBinary,
  gomod,
  gradleLockfile,
  jar,
  mixLock,
  nodePkg,
  npm,
  nugetLock,
  oracle,
  osRelease,
  packagesProps,
  pip,
  pipenv,
  pnpm,
  poetry,
  pom,
  pubspec,
  pythonEgg,
  pythonPkg,
  redhatBase,
  rocky,
  rpm,
  rustBinary,
  swiftResolved,
  ubuntu,
  ubuntuEsm,
  uv,
  yarn,
]);
