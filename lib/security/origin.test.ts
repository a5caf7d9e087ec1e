import { describe, expect, it } from 'vitest';
import { isSameOrigin } from './origin';

describe('isSameOrigin', () => {
  const host = 'console.acme.com';
  it('accepts the console itself', () => {
    expect(isSameOrigin({ origin: 'https://console.acme.com', host })).toBe(true);
  });
  it('refuses missing, null and foreign origins', () => {
    expect(isSameOrigin({ origin: null, host })).toBe(false);
    expect(isSameOrigin({ origin: 'null', host })).toBe(false);
    expect(isSameOrigin({ origin: 'https://evil.example', host })).toBe(false);
    expect(isSameOrigin({ origin: 'https://console.acme.com.evil.example', host })).toBe(false);
    expect(isSameOrigin({ origin: 'not a url', host })).toBe(false);
  });
  it('refuses when the host is unknown', () => {
    expect(isSameOrigin({ origin: 'https://console.acme.com', host: null })).toBe(false);
  });
  it('uses the forwarded host behind a proxy', () => {
    expect(isSameOrigin({ origin: 'https://console.acme.com', host: '127.0.0.1:3000', forwardedHost: host })).toBe(true);
  });
});
