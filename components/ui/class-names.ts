/** Joins the class names that are set; conditional ones may be false, null or undefined. */
export const cx = (...parts: (string | false | null | undefined)[]) => parts.filter(Boolean).join(' ');
