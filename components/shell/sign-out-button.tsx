'use client';
import { signOut } from 'next-auth/react';

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => void signOut({ redirectTo: '/signin' })}
      className="rounded-md px-3 py-2 text-sm text-ink-muted hover:bg-gray-100 hover:text-ink"
    >
      Sign out
    </button>
  );
}
