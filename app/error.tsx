'use client';
import { PageFailure } from '@/components/shell/page-failure';

// A failure of the console's layout itself (e.g. the session or connections could not be read).
export default function RootError({ error }: { error: Error & { digest?: string } }) {
  return <PageFailure error={error} />;
}
