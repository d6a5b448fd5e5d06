import { describe, expect, it } from 'vitest';
import { textFile } from '../../test/fixture-file.js';
import { mixLock } from './mix-lock.js';

describe('mix.lock', () => {
  it('skips git dependencies silently and warns about an entry it cannot read, naming the line', async () => {
    const text = [
      '%{',
      '  "bunt": {:hex, :bunt, "0.2.0", "951c", [:mix], [], "hexpm", "7af5"},',
      '  "phx": {:git, "https://github.com/phoenixframework/phoenix.git", "8d0c", [branch: "main"]},',
      '  "odd": {:hex, :odd},',
      '}',
    ].join('\n');
    const result = await mixLock.analyze(textFile('app/mix.lock', text));
    expect(result.applications?.[0]?.packages.map((p) => `${p.id} ${p.locations?.[0]?.startLine}`)).toEqual([
      'bunt@0.2.0 2',
    ]);
    expect(result.problems).toEqual([{ path: 'app/mix.lock', reason: 'line 4: not a mix.lock dependency entry' }]);
  });
});
