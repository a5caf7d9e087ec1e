// The audit action names a filter may use, with the words the page shows for them. Rows of any
// other action already in the trail (e.g. a refusal by role, recorded under the server action's
// name) are known too: the list is this plus what the trail holds.
export const ACTION_WORDS: Record<string, string> = {
  'auth.signin': 'Signed in',
  'auth.signout': 'Signed out',
  'token.activate': 'Activated token',
  'token.deactivate': 'Deactivated token',
  'token.describe': 'Changed description',
  'token.delete': 'Deleted token',
  'token.clone': 'Cloned token',
  'token.create': 'Created token',
  'token.replace': 'Replaced token',
  'schedule.cancel': 'Cancelled scheduled deactivation',
  'schedule.deactivate': 'Scheduled deactivation ran',
  'token.expire': 'Token expired (deactivated)',
  'token.expiry': 'Set, changed or removed expiry',
  'notice.test': 'Sent a test expiry notice',
  'influx-user.create': 'Created InfluxDB user',
  'influx-user.delete': 'Deleted InfluxDB user',
  'template.create': 'Created template',
  'template.update': 'Changed template',
  'template.delete': 'Deleted template',
  'audit.export': 'Exported the audit trail',
  'v1.create': 'Created v1 credential',
  'v1.password': 'Set v1 password',
  'v1.activate': 'Activated v1 credential',
  'v1.deactivate': 'Deactivated v1 credential',
  'v1.delete': 'Deleted v1 credential',
};

export function actionWords(action: string): string {
  return ACTION_WORDS[action] ?? action;
}

export function knownActions(inTrail: readonly string[]): Set<string> {
  return new Set([...Object.keys(ACTION_WORDS), ...inTrail]);
}
