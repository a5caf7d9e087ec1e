import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address';

describe('clientAddress', () => {
  it('takes the first X-Forwarded-For entry', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': ' 203.0.113.9 , 10.0.0.1' }))).toBe('203.0.113.9');
  });
  it('falls back to X-Real-IP, then to "unknown"', () => {
    expect(clientAddress(new Headers({ 'x-real-ip': '2001:db8::1' }))).toBe('2001:db8::1');
    expect(clientAddress(new Headers({ 'x-forwarded-for': '', 'x-real-ip': '198.51.100.2' }))).toBe('198.51.100.2');
    expect(clientAddress(new Headers())).toBe('unknown');
    expect(clientAddress(undefined)).toBe('unknown');
  });
  it('bounds what a client can put into a limiter key', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': 'x'.repeat(500) }))).toHaveLength(64);
  });
});
