import 'server-only';
// Pages and route handlers check the session themselves (the proxy only redirects), and ask the
// policy whether the person's role may use the page's operation at all.
import { redirect } from 'next/navigation';
import { consolePolicy } from '@/lib/policy/console-policy';
import { baseRole, decide, type Operation } from '@/lib/policy/operations';
import { getCurrentUser, type ConsoleUser } from './session';

export async function requirePageUser(operation: Operation = 'tokens.view'): Promise<ConsoleUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/signin');
  const policy = consolePolicy();
  if (!decide(user.role, operation, policy).allowed) redirect(`/denied?need=${baseRole(operation, policy)}`);
  return user;
}
