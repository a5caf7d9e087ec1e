import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { servedOverHttps } from './served-over-https';

describe('servedOverHttps', () => {
  it('takes the scheme from AUTH_URL behind a TLS-terminating proxy', () => {
    expect(servedOverHttps({ authUrl: 'https://console.acme.example', trustProxy: false })).toBe(true);
    expect(servedOverHttps({ authUrl: 'http://localhost:3000', trustProxy: false })).toBe(false);
  });

  it('lets AUTH_URL win over any forwarded header, trusted or not', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.option(fc.string()), (trustProxy, forwardedProto) => {
        expect(servedOverHttps({ authUrl: 'https://c.example', trustProxy, forwardedProto })).toBe(true);
        expect(servedOverHttps({ authUrl: 'http://c.example', trustProxy, forwardedProto })).toBe(false);
      }),
    );
  });

  it('believes X-Forwarded-Proto only when the proxy is trusted, and then its first value', () => {
    expect(servedOverHttps({ trustProxy: false, forwardedProto: 'https' })).toBe(false);
    expect(servedOverHttps({ trustProxy: true, forwardedProto: 'https' })).toBe(true);
    expect(servedOverHttps({ trustProxy: true, forwardedProto: 'HTTPS, http' })).toBe(true);
    expect(servedOverHttps({ trustProxy: true, forwardedProto: 'http, https' })).toBe(false);
    expect(servedOverHttps({ trustProxy: true })).toBe(false);
  });
});
