// Ruby's Gemfile.lock as Trivy's bundler analyzer reads it (pkg/dependency/parser/ruby/bundler): gems at four
// spaces of indentation (platform suffix dropped), their dependencies at six, DEPENDENCIES marking direct ones.
import type { Package } from '../types.js';
import { lockResult, packageId } from './lockfile.js';
import type { Analyzer, AnalyzerResult } from './types.js';

const leadingSpaces = (line: string): number => line.length - line.replace(/^ +/, '').length;

export function gemfileLockPackages(text: string): Package[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const gems = new Map<string, Package>();
  const dependsOn = new Map<string, string[]>(); // package id → dependency names
  const direct: string[] = [];
  let current: string[] | undefined;
  let lineNumber = 1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const indent = leadingSpaces(line);
    if (indent === 4) {
      current = undefined;
      const fields = line.trim().split(/\s+/);
      if (fields.length === 2) {
        const name = fields[0] ?? '';
        const version = (fields[1] ?? '').replace(/^\(+|\)+$/g, '').split('-')[0] ?? '';
        const id = packageId('bundler', name, version);
        const location = { startLine: lineNumber, endLine: lineNumber };
        gems.set(name, { id, name, version, relationship: 'indirect', locations: [location] });
        current = [];
        dependsOn.set(id, current);
      }
    } else if (indent === 6) {
      current?.push(line.trim().split(/\s+/)[0] ?? '');
    }
    lineNumber++;
    if (line === 'DEPENDENCIES') {
      // Trivy reads the section with its own scanner: these lines do not advance the line count.
      for (i++; i < lines.length && leadingSpaces(lines[i] ?? '') === 2; i++) {
        const name = (lines[i] ?? '').trim().split(/\s+/)[0];
        if (name) direct.push(name);
      }
    }
  }
  for (const name of direct) {
    const gem = gems.get(name);
    if (gem) gems.set(name, { ...gem, relationship: 'direct' });
  }
  return [...gems.values()].map((gem) => {
    const ids = (dependsOn.get(gem.id) ?? []).flatMap((name) => gems.get(name)?.id ?? []);
    return ids.length > 0 ? { ...gem, dependsOn: ids } : gem;
  });
}

export const bundler: Analyzer = {
  id: 'bundler',
  version: 1,
  wants: (path) => path === 'Gemfile.lock' || path.endsWith('/Gemfile.lock'),
  async analyze(file): Promise<AnalyzerResult> {
    return lockResult('bundler', file, gemfileLockPackages(await file.text()));
  },
};
