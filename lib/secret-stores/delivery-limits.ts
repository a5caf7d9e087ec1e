// The numbers of "Deliver to" the builder shows, apart from its schema (delivery-request.ts) so the
// browser's first load does not carry zod for three constants.

/** The shortest and longest life of a wrapping token the builder offers (seconds). */
export const WRAP_TTL_MIN = 60;
export const WRAP_TTL_MAX = 86_400;
export const WRAP_TTL_DEFAULT = 3_600;
/** The old token's grace period after a rotation, unless the builder says otherwise (seconds). */
export const ROTATION_GRACE_DEFAULT = 3_600;
