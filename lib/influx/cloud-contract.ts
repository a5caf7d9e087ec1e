// What InfluxDB Cloud's API contract says where a Cloud server cannot be asked, and cannot be
// reached from the tests either. Source: github.com/influxdata/openapi, src/cloud/schemas/Resource.yml
// (the `type` enum of a Cloud permission's resource) and src/cloud/paths/authorizations.yml
// ("returns `token: redacted` for all authorizations" in list answers).

/** Resource types a Cloud permission may name, in the contract's order. */
export const CLOUD_CONTRACT_RESOURCE_TYPES = [
  'authorizations',
  'buckets',
  'dashboards',
  'orgs',
  'tasks',
  'telegrafs',
  'users',
  'variables',
  'scrapers',
  'secrets',
  'labels',
  'views',
  'documents',
  'notificationRules',
  'notificationEndpoints',
  'checks',
  'dbrp',
  'flows',
  'annotations',
  'functions',
] as const;

/** Cloud's stand-in for a value it will not show again: never a token. */
export const isRedactedToken = (token: string | undefined): boolean => token !== undefined && /^\s*redacted\s*$/i.test(token);
