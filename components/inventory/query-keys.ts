// React Query keys of the inventory. Lists are keyed by their canonical query string.
export const inventoryKeys = {
  all: ['inventory'] as const,
  lists: ['inventory', 'list'] as const,
  list: (qs: string) => ['inventory', 'list', qs] as const,
  token: (id: string) => ['inventory', 'token', id] as const,
};
