// How long a claimed scheduled deactivation stays reserved for the process that claimed it. The
// lease must outlast the longest InfluxDB call the run can make, or a second process on the same
// data folder takes the row over while the first is still waiting on InfluxDB, and the token is
// deactivated, and audited, twice. That happened with a fixed 60 s lease and INFLUX_TIMEOUT_MS up
// to 120 s. Now the run bounds its call by a deadline derived from the timeout, and the lease is
// twice that deadline: the margin covers a process paused by the machine (GC, swap, a slow disk)
// and clocks that differ between hosts sharing one database.

/** Leases never shorter than this (the old fixed value; a default 10 s timeout stays there). */
export const MIN_CLAIM_LEASE_MS = 60_000;

/** Slack over the client's own timeout before the run stops waiting on its own. */
const DEADLINE_SLACK_MS = 5_000;

/** The run stops waiting for InfluxDB after this long (the client's timeout plus slack). */
export function callDeadlineMs(influxTimeoutMs: number): number {
  return influxTimeoutMs + DEADLINE_SLACK_MS;
}

export function claimLeaseMs(influxTimeoutMs: number): number {
  return Math.max(MIN_CLAIM_LEASE_MS, 2 * callDeadlineMs(influxTimeoutMs));
}
