import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { safeCallbackPath } from '@/lib/auth/safe-callback';
import { getCurrentUser } from '@/lib/auth/session';
import { getConfig } from '@/lib/config/server-config';

export const metadata: Metadata = { title: 'Sign in' };

const ERRORS: Record<string, string> = {
  CredentialsSignin: 'Wrong username or password.',
  AccessDenied: 'Your account is not allowed to use this console. Ask an admin to grant you a role.',
  Configuration: 'Sign-in failed. The identity provider answered in a way the console could not verify.',
  Verification: 'Sign-in failed. The identity provider answered in a way the console could not verify.',
};

/** The origin Auth.js uses as its base: AUTH_URL when set, else the request's own host. */
async function consoleOrigin(): Promise<string> {
  const configured = getConfig().AUTH_URL;
  if (configured) return new URL(configured).origin;
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost';
  const proto = h.get('x-forwarded-proto') ?? 'http';
  return `${proto.replace(/:$/, '')}://${host}`;
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string | string[] }> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl, await consoleOrigin());
  if (await getCurrentUser()) redirect(callbackUrl);
  const config = getConfig();
  const error = params.error ? (ERRORS[params.error] ?? 'Sign-in failed. Try again.') : undefined;
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4">
      <h1 className="mb-1 text-2xl font-semibold">Influx Token Console</h1>
      <p className="mb-6 text-sm text-ink-muted">Sign in to create and manage InfluxDB API tokens.</p>
      <SignInForm
        callbackUrl={callbackUrl}
        error={error}
        local={Boolean(config.CONSOLE_USERS_FILE)}
        sso={config.OIDC_ISSUER ? { name: config.OIDC_NAME } : undefined}
      />
    </main>
  );
}
