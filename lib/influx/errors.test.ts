import { describe, expect, it, vi } from 'vitest';
import { InfluxError } from './errors';

describe('InfluxError', () => {
  it('is recognised when made by another copy of the module (another Next bundle), and nothing else is', async () => {
    vi.resetModules();
    const other = await import('./errors');
    expect(other.InfluxError).not.toBe(InfluxError);
    expect(new other.InfluxError('unreachable', 'ECONNREFUSED') instanceof InfluxError).toBe(true);
    expect(new InfluxError('timeout', 'late') instanceof other.InfluxError).toBe(true);
    expect(new Error('InfluxDB call failed: unreachable') instanceof InfluxError).toBe(false);
    expect(Object.assign(new Error('x'), { name: 'InfluxError', kind: 'unreachable' }) instanceof InfluxError).toBe(false);
    expect((null as unknown) instanceof InfluxError).toBe(false);
  });
});
