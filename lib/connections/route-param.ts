import 'server-only';
// `?connection=<id>` on the builder's read routes (bucket, Telegraf and owner search): absent means
// the default connection; an id the console does not know is refused as invalid input.
import { defaultConnection, findConnection } from './registry';
import { scopeFields } from './scope-fields';

export const connectionParam = scopeFields.connection.refine((id) => id === undefined || findConnection(id) !== undefined, {
  error: 'There is no such connection in this console.',
});

export const connectionIdOr = (id: string | undefined) => id ?? defaultConnection().id;
