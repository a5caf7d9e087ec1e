import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Influx Token Console', template: '%s · Influx Token Console' },
  description: 'Create and manage InfluxDB API tokens without handing out the admin credential.',
  referrer: 'no-referrer',
  // Static assets live in public/; the proxy lets them through without a session (proxy.ts).
  icons: { icon: { url: '/favicon.svg', type: 'image/svg+xml' } },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
