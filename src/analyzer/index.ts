// Every analyzer, by Trivy's analyzer type name.
import { registry } from '../registry.js';
import { debian } from './debian.js';
import { dpkg } from './dpkg.js';
import { dpkgLicense } from './dpkg-license.js';
import { osRelease } from './os-release.js';
import type { Analyzer } from './types.js';

export const analyzers = registry<Analyzer>([debian, dpkg, dpkgLicense, osRelease]);
