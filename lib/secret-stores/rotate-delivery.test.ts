import { describe, expect, it } from 'vitest';
import { rotatedDescription } from './rotate-delivery';

describe('the successor’s description', () => {
  it('says "(rotated)" once, however often the path rotates', () => {
    expect(rotatedDescription('edge-01 writer')).toBe('edge-01 writer (rotated)');
    expect(rotatedDescription(rotatedDescription('edge-01 writer'))).toBe('edge-01 writer (rotated)');
    expect(rotatedDescription('x (rotated) (rotated)')).toBe('x (rotated)');
  });

  it('stays within the 300 characters InfluxDB descriptions are given here', () => {
    expect(rotatedDescription('a'.repeat(400)).length).toBeLessThanOrEqual(300);
  });
});
