// The "minted by" filter value for tokens the console did not mint. Its own file: the filter bar
// runs in the browser and must not import the storage module.
export const OUTSIDE_THE_CONSOLE = 'outside';
