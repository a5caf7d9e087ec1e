// The builder's form check: the server action's own schema through zodResolver, so the browser
// accepts exactly what the action accepts, word for word. use-token-builder.ts loads this module
// (and zod with it) after the page is up, not as part of the page's first load.
import { zodResolver } from '@hookform/resolvers/zod';
import { tokenFormSchema } from '@/lib/permissions/token-form-schema';

export const tokenFormResolver = zodResolver(tokenFormSchema);
