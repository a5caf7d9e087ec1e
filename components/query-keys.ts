// Every React Query key of the console, in one place: a change invalidates the keys of the data it
// touched, and a key typed here by hand in two places cannot drift apart (the builder once
// invalidated ['tokens'], which no query used, so a new token was missing from the list).
export const queryKeys = {
  inventory: {
    /** Everything the inventory shows: every list page and every token's detail. */
    all: ['inventory'] as const,
    lists: ['inventory', 'list'] as const,
    /** One list page, keyed by its canonical query string. */
    list: (qs: string) => ['inventory', 'list', qs] as const,
    token: (id: string) => ['inventory', 'token', id] as const,
  },
  /** The builder's owner search. */
  influxUsers: (q: string) => ['influx-users', 'search', q] as const,
  /** The builder's item search (buckets, Telegraf configurations) in one org. */
  orgItems: (type: string, orgID: string, q: string) => ['org-items', type, orgID, 'search', q] as const,
};
