import 'server-only';
// Pages and route handlers check the session themselves (the proxy only redirects).
import { redirect } from 'next/navigation';
import { hasRole, type Role } from './roles';
import { getCurrentUser, type ConsoleUser } from './session';

export async function requirePageUser(role: Role = 'viewer'): Promise<ConsoleUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/signin');
  if (!hasRole(user.role, role)) redirect(`/denied?need=${role}`);
  return user;
}
