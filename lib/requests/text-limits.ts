// How long a request's justification and a denial's reason may be, apart from the request schemas
// (model.ts) so the builder's "Ask for it" box does not bring zod into the browser's first load.
export const JUSTIFICATION_MAX = 1000;
export const DENY_REASON_MAX = 500;
