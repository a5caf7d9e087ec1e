// The builder's "Copy link to this form": the form as a prefill, encoded. One module so the builder
// can load it (and zod, which link encoding checks fields with) after the page is up.
import { prefillFromForm } from './from-form';
import { buildShareLink, type ShareLink } from './share-link';

export function formShareLink(form: Parameters<typeof prefillFromForm>[0], opts: { connection?: string }): ShareLink {
  const { prefill, leftOut } = prefillFromForm(form);
  const link = buildShareLink(prefill, opts);
  return { href: link.href, leftOut: [...leftOut, ...link.leftOut] };
}
