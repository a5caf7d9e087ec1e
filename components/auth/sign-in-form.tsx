'use client';
// Signs in through Auth.js's own endpoints (CSRF-protected), not through a server action.
import { signIn } from 'next-auth/react';
import { useState, useTransition } from 'react';

export function SignInForm(props: { callbackUrl: string; error?: string; local: boolean; sso?: { name: string } }) {
  const [error, setError] = useState(props.error);
  const [pending, startTransition] = useTransition();

  function submit(form: FormData) {
    startTransition(async () => {
      setError(undefined);
      const result = await signIn('local', {
        username: textField(form, 'username'),
        password: textField(form, 'password'),
        redirect: false,
      });
      if (result?.error) {
        setError('Wrong username or password, or too many attempts. Wait a minute and try again.');
        return;
      }
      window.location.assign(props.callbackUrl);
    });
  }

  return (
    <div className="space-y-4 rounded-card border border-gray-200 bg-surface p-6 shadow-sm">
      {error && (
        <p role="alert" className="rounded-md bg-danger-50 p-3 text-sm text-danger-700">
          {error}
        </p>
      )}
      {props.sso && (
        <button
          type="button"
          onClick={() => void signIn('oidc', { redirectTo: props.callbackUrl })}
          className="w-full rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
        >
          Sign in with {props.sso.name}
        </button>
      )}
      {props.sso && props.local && <p className="text-center text-xs uppercase text-ink-faint">or</p>}
      {props.local && (
        <form action={submit} className="space-y-3">
          <label className="block text-sm font-medium">
            Username
            <input name="username" autoComplete="username" required className="mt-1 w-full rounded-md border border-gray-300 px-3 py-2" />
          </label>
          <label className="block text-sm font-medium">
            Password
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              className="mt-1 w-full rounded-md border border-gray-300 px-3 py-2"
            />
          </label>
          <button
            type="submit"
            disabled={pending}
            className="w-full rounded-md border border-gray-300 bg-white px-4 py-2 font-medium hover:bg-gray-50 disabled:opacity-60"
          >
            {pending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      )}
    </div>
  );
}

function textField(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
