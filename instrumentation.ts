// Runs once when the server starts (Node.js runtime only).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { checkConfigOrExit } = await import('./lib/config/startup-check');
  checkConfigOrExit();
  // The scheduler carries out deactivations promised by "replace" with a grace period. Not
  // during `next build`: only a serving process may act on InfluxDB.
  if (process.env.NEXT_PHASE !== 'phase-production-build') {
    // The database is opened and migrated once, here, before the scheduler or a request uses it.
    const { prepareStorageOrExit } = await import('./lib/storage/startup');
    await prepareStorageOrExit();
    const { startScheduler } = await import('./lib/scheduler/start');
    startScheduler();
    // Sends new audit rows to the configured syslog receiver and webhook (issue 14).
    const { startAuditForwarding } = await import('./lib/audit/forwarding/start');
    startAuditForwarding();
    const { warmInventory } = await import('./lib/inventory/warm-up');
    warmInventory();
  }
}
