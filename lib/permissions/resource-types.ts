// InfluxDB's resource types by name, as influx-cli knows them (ResourceEnumOSS, then the ones only
// InfluxDB Cloud has). The server's own list (GET /api/v2/resources) is what the console offers;
// these serve where it cannot be asked: the CLI preview's flags, the template editor's fallback and
// the property tests' generators.
export const OSS_RESOURCE_TYPES = [
  'authorizations',
  'buckets',
  'dashboards',
  'orgs',
  'tasks',
  'telegrafs',
  'users',
  'variables',
  'secrets',
  'labels',
  'views',
  'documents',
  'notificationRules',
  'notificationEndpoints',
  'checks',
  'dbrp',
  'annotations',
  'sources',
  'scrapers',
  'notebooks',
  'remotes',
  'replications',
] as const;

export const CLOUD_ONLY_RESOURCE_TYPES = ['flows', 'functions', 'subscriptions'] as const;

export const ALL_RESOURCE_TYPES = [...OSS_RESOURCE_TYPES, ...CLOUD_ONLY_RESOURCE_TYPES] as const;
