'use client';
import { PageFailure } from '@/components/shell/page-failure';

// A console page whose render failed, inside the console's shell.
export default function ConsolePageError({ error }: { error: Error & { digest?: string } }) {
  return <PageFailure error={error} />;
}
