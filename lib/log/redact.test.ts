import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact, redactString } from './redact';

const tokenLike = fc.uint8Array({ minLength: 64, maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64'));

describe('redact', () => {
  it('never lets an InfluxDB-shaped token through, wherever it sits', () => {
    fc.assert(
      fc.property(tokenLike, fc.string(), fc.string(), (token, before, after) => {
        const line = JSON.stringify(redact({ msg: `${before}${token}${after}`, nested: [{ x: token }] }));
        expect(line).not.toContain(token);
      }),
    );
  });
  it('drops fields with secret names', () => {
    expect(redact({ password: 'hunter2', apiToken: 'short', ok: 'fine' })).toEqual({
      password: '[redacted]',
      apiToken: '[redacted]',
      ok: 'fine',
    });
  });
  it('removes known secrets even when short', () => {
    expect(redactString('value=abc123 end', ['abc123'])).toBe('value=[redacted] end');
  });
  it('keeps ordinary text, request ids and permission paths', () => {
    expect(redactString('bucket iot-center not found')).toBe('bucket iot-center not found');
    const id = '3f2b6c1e-8d4a-4f7e-9a1b-2c3d4e5f6a7b';
    expect(redactString(id)).toBe(id);
    const path = 'write:orgs/0cb144f082914b9f/buckets/eddc4169345a766b';
    expect(redactString(path)).toBe(path);
  });
  it('redacts base64url tokens too', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (bytes) => {
        const token = Buffer.from(bytes).toString('base64url');
        expect(redactString(`x ${token} y`)).not.toContain(token);
      }),
    );
  });
});
