// Fails when a security-relevant package in the lockfile is below the checked-in minimum.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const minimums: Record<string, string> = JSON.parse(readFileSync(join(__dirname, 'minimum-versions.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string }>;
};

/** Compares semver strings including prereleases like 5.0.0-beta.32 (numeric parts numerically). */
export function compareVersions(a: string, b: string): number {
  const [coreA = '', preA] = a.split('-', 2);
  const [coreB = '', preB] = b.split('-', 2);
  const na = coreA.split('.').map(Number);
  const nb = coreB.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((na[i] ?? 0) !== (nb[i] ?? 0)) return (na[i] ?? 0) - (nb[i] ?? 0);
  if (!preA && !preB) return 0;
  if (!preA) return 1;
  if (!preB) return -1;
  const pa = preA.split('.');
  const pb = preB.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = Number(x);
    const ny = Number(y);
    if (!Number.isNaN(nx) && !Number.isNaN(ny) && nx !== ny) return nx - ny;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

describe('compareVersions', () => {
  it('orders releases and prereleases', () => {
    expect(compareVersions('5.0.0-beta.32', '5.0.0-beta.4')).toBeGreaterThan(0);
    expect(compareVersions('5.0.0-beta.31', '5.0.0-beta.32')).toBeLessThan(0);
    expect(compareVersions('5.0.0', '5.0.0-beta.32')).toBeGreaterThan(0);
    expect(compareVersions('16.3.9', '16.4.0')).toBeLessThan(0);
    expect(compareVersions('16.10.0', '16.4.0')).toBeGreaterThan(0);
  });
});

describe('lockfile meets the security minimums', () => {
  for (const [name, minimum] of Object.entries(minimums)) {
    if (name.startsWith('_')) continue;
    it(`${name} >= ${minimum} everywhere in the tree`, () => {
      const installs = Object.entries(lock.packages).filter(([path]) => path.endsWith(`node_modules/${name}`));
      expect(installs.length, `${name} is not in package-lock.json`).toBeGreaterThan(0);
      for (const [path, entry] of installs) {
        expect(compareVersions(entry.version ?? '0.0.0', minimum), `${path} is ${entry.version}`).toBeGreaterThanOrEqual(0);
      }
    });
  }
});
