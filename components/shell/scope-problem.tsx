// What a page shows instead of its content when its URL names a connection or org the console
// cannot act on: which one, why, and where to go instead. Never a crash or a 500.
import Link from 'next/link';
import type { ConnectionInfo } from '@/lib/connections/model';
import { ConnectionBadge } from './connection-badge';

export interface ScopeProblemView {
  kind: 'unknown-connection' | 'unknown-org' | 'down';
  message: string;
  connection?: Pick<ConnectionInfo, 'id' | 'label' | 'colour'>;
}

const TITLE: Record<ScopeProblemView['kind'], string> = {
  'unknown-connection': 'Unknown connection',
  'unknown-org': 'Unknown organisation',
  down: 'Connection down',
};

export function ScopeProblem({ title, problem, section = '/tokens' }: { title: string; problem: ScopeProblemView; section?: string }) {
  return (
    <div className="space-y-3" data-testid="scope-problem" data-kind={problem.kind}>
      <h1 className="text-2xl font-semibold">{title}</h1>
      <div role="alert" className="space-y-2 rounded-md border border-danger-600 bg-danger-50 p-3 text-sm text-danger-700">
        <p className="font-semibold">
          {TITLE[problem.kind]}
          {problem.connection && (
            <>
              {' '}
              <ConnectionBadge label={problem.connection.label} colour={problem.connection.colour} down={problem.kind === 'down'} />
            </>
          )}
        </p>
        <p>{problem.message}</p>
      </div>
      <p className="text-sm">
        {problem.kind === 'unknown-org' && problem.connection ? (
          <Link className="text-brand-700 underline" href={`${section}?connection=${encodeURIComponent(problem.connection.id)}`}>
            Open {problem.connection.label} in its default organisation
          </Link>
        ) : (
          <Link className="text-brand-700 underline" href={section}>
            Open the default connection
          </Link>
        )}
      </p>
    </div>
  );
}
