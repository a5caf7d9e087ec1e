// PostgreSQL for the storage tests, when TEST_POSTGRES_URL names a server (scripts/postgres/
// with-postgres.ts starts one): each store is a database of its own on it, made and dropped here.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const testPostgresUrl: string | undefined = process.env.TEST_POSTGRES_URL?.trim() || undefined;

async function onServer<T>(run: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: testPostgresUrl });
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}

/** A new empty database on the test server, and its URL. */
export async function createTestDatabase(): Promise<string> {
  const name = `itc_${randomBytes(6).toString('hex')}`;
  await onServer((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(testPostgresUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^itc_[0-9a-f]+$/.test(name)) throw new Error(`not a test database: ${name}`);
  await onServer((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
