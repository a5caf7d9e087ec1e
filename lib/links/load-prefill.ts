import 'server-only';
// What the token builder calls with its searchParams: reads the link (ad-hoc or template), checks it
// against this InfluxDB and this person, and says where it came from. Opening a link never mints.
//
// In the builder page (app/(console)/tokens/new/page.tsx):
//   const user = await requirePageUser('creator');
//   const prefill = await loadBuilderPrefill(await searchParams, user);  // null: plain visit
//   <PrefillOriginBanner origin={prefill.origin} />          components/links/prefill-origin-banner
//   <NotAppliedList items={prefill.notApplied} />            components/links/not-applied-list
//   form defaults <- prefill.resolved (org, description, status, owner, grants; sensitive flags)
// The form's "Copy link": const { prefill, leftOut } = prefillFromForm(snapshot) (from-form.ts);
//   const link = buildShareLink(prefill); <CopyLinkButton href={link.href} /> and show
//   [...leftOut, ...link.leftOut] with <NotAppliedList title="Not in the link" />.
// The mint action must still check every grant against the role (mayGrant / lib/policy): a link
// or template is only a suggestion.
import type { ConsoleUser } from '@/lib/auth/session';
import { InfluxError } from '@/lib/influx/errors';
import type { Gateway } from '@/lib/influx/gateway';
import { describeInfluxError } from '@/lib/influx/messages';
import { defaultOrgRef, influx } from '@/lib/influx/server';
import { consolePolicy } from '@/lib/policy/console-policy';
import { sensitiveFlags, type SensitiveFlag } from '@/lib/permissions/sensitivity';
import { findTemplateVersion } from '@/lib/templates/catalogue';
import { actorLabel, mayUseTemplate, type TemplateSource } from '@/lib/templates/model';
import { emptyPrefill, showPart, type NotApplied, type Prefill } from './prefill';
import { resolvePrefill, type ResolvedPrefill } from './resolve-prefill';
import { decodeShareLink, isEmptyLink, type LinkInput } from './share-link';

export type PrefillOrigin =
  | {
      kind: 'template';
      slug: string;
      title: string;
      version: number;
      latestVersion: number;
      /** The link asked for this exact version (`&version=N`). */
      pinned: boolean;
      /** Who saved this version: an email when known ("admin@acme"), else a name. */
      author: string;
      savedAt: string;
      source: TemplateSource;
      /** Issue 15: the template's latest version needs approval (it governs every version). */
      needsApproval?: boolean;
    }
  | { kind: 'link' };

export interface BuilderPrefill {
  origin: PrefillOrigin;
  /** What the link or template asked for, by name. */
  requested: Prefill;
  /** Sensitive grants among those asked for, flagged as in the review step. */
  requestedSensitive: SensitiveFlag[];
  /** Ready for the form (ids and names); absent when InfluxDB could not be read (see `problem`). */
  resolved?: ResolvedPrefill;
  /** Everything that was not applied, with reasons: show it, never drop it. */
  notApplied: NotApplied[];
  /** InfluxDB could not be asked; in words a person can act on. */
  problem?: string;
}

/** Returns null for a plain visit to /tokens/new (no link parameters at all). */
/** `on`: the page's connection (its gateway and default org); absent, the default connection. */
export async function loadBuilderPrefill(
  searchParams: LinkInput,
  user: ConsoleUser,
  on?: { gateway: Gateway; defaultOrg: { id: string; name: string } },
): Promise<BuilderPrefill | null> {
  const decoded = decodeShareLink(searchParams);
  if (isEmptyLink(decoded)) return null;

  let origin: PrefillOrigin = { kind: 'link' };
  let requested: Prefill = decoded.prefill;
  const notApplied: NotApplied[] = [...decoded.notApplied];

  if (decoded.template) {
    const { slug, version } = decoded.template;
    const found = await findTemplateVersion(slug, version);
    const part = showPart('template', version ? `${slug}&version=${version}` : slug);
    if (!found.ok) {
      notApplied.unshift({ part, reason: found.reason });
      requested = emptyPrefill();
    } else {
      const v = found.version;
      origin = {
        kind: 'template',
        slug,
        title: v.title,
        version: v.version,
        latestVersion: found.template.latest.version,
        pinned: found.pinned,
        author: actorLabel(v.savedBy),
        savedAt: v.savedAt,
        source: found.template.source,
        ...(found.template.latest.needsApproval ? { needsApproval: true } : {}),
      };
      if (mayUseTemplate(user.role, v)) requested = v.prefill;
      else {
        notApplied.unshift({ part, reason: `template “${slug}” is for ${v.roles.join(' and ')}s only; ask an admin` });
        requested = emptyPrefill();
      }
    }
  }

  const requestedSensitive = sensitiveFlags(requested.grants);
  try {
    const resolved = await resolvePrefill(
      requested,
      { gateway: on?.gateway ?? influx(), role: user.role, policy: consolePolicy(), defaultOrg: on?.defaultOrg ?? (await defaultOrgRef()) },
      notApplied,
    );
    return { origin, requested, requestedSensitive, resolved, notApplied: resolved.notApplied };
  } catch (error) {
    if (!(error instanceof InfluxError)) throw error;
    return {
      origin,
      requested,
      requestedSensitive,
      notApplied,
      problem: describeInfluxError(error, { doing: 'check the link against InfluxDB' }),
    };
  }
}
