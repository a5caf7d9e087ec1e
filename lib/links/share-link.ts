// The link grammar: a prefill of the token builder as URL search parameters on /tokens/new, close to
// InfluxDB's own permission strings and readable in a chat message:
//
//   /tokens/new?v=1&d=IoT+writer&s=active&org=acme&p=read:buckets/iot-center&p=write:buckets/iot-center&p=read:dashboards
//
//   v         link format version: 2 carries `connection`, 1 (before connections) does not and opens
//             on the default connection. Old formats keep a decoder in DECODERS.
//   connection  (v2) the connection's id, e.g. staging; the org is looked up on that server
//   d         token description          s      status: active | inactive
//   org       organisation, by name      owner  user who will own the token, by name
//   p         one permission: <read|write>:<type>[/<item>]; no item or `*` = every one in the org;
//             items (by name) only for buckets and telegrafs; `users/owner` = the token's own user.
//   template  a saved template's slug (then nothing else but `version`, which pins a version).
//   life      (v3) the token's lifetime: 7d, 30d, 90d (any whole s/m/h/d), a date, or never; the
//             builder still checks it against the policy. Links of formats 1 and 2 carry none: they
//             decode as before and say so in `lacked` (the policy's default applies).
//   store, path, key, urlorg
//             (v4) "Deliver to": a secret store's id, the KV path (under the store's prefix, checked
//             on the server), the key name (default token), `urlorg=1` to write the InfluxDB URL and
//             org id beside it. Links of formats 1 to 3 carry none: they open with the copy-once
//             dialog and say so in `lacked`.
//
// A link only prefills a form; a person reviews and mints. It never carries a token or a
// credential, never points anywhere but this path, and whatever it asked for that cannot be used
// is returned as "not applied" with a reason, never silently dropped. Pure, shared by client and
// server; decoding never throws.
import type { z } from 'zod';
import { ALL_CONNECTIONS, CONNECTION_ID_PATTERN } from '@/lib/connections/model';
import { resourceTypeSchema } from '@/lib/permissions/model-schema';
import {
  CONTROL,
  MAX_PREFILL_GRANTS,
  STATUSES,
  descriptionSchema,
  emptyPrefill,
  nameSchema,
  normalisePrefill,
  prefillGrantSchema,
  hiddenPart,
  lifetimeTextSchema,
  looksLikeSecret,
  prefillDeliverSchema,
  scopeProblem,
  showPart,
  type NotApplied,
  type Prefill,
  type PrefillGrant,
  type TokenStatus,
} from './prefill';

export const LINK_PATH = '/tokens/new';
export const LINK_VERSION = 4;
/** Links made before "Deliver to": the lifetime and no destination. */
export const LINK_VERSION_BEFORE_DESTINATIONS = 3;
/** Links made before lifetimes: the connection and no lifetime. */
export const LINK_VERSION_BEFORE_LIFETIMES = 2;
/** Links made before connections; also what a link without `v` is read as (hand-written links). */
export const LINK_VERSION_BEFORE_CONNECTIONS = 1;
export const LINK_PARAMS = [
  'v',
  'connection',
  'd',
  's',
  'org',
  'owner',
  'p',
  'life',
  'store',
  'path',
  'key',
  'urlorg',
  'template',
  'version',
] as const;
const DESTINATION_PARAMS = ['store', 'path', 'key', 'urlorg'];
const SINGLE_PARAMS = new Set(['v', 'connection', 'd', 's', 'org', 'owner', 'life', ...DESTINATION_PARAMS, 'template', 'version']);
const PREFILL_PARAMS = new Set(['d', 's', 'org', 'owner', 'p', 'life', ...DESTINATION_PARAMS]);

/** Template slugs: lowercase words joined by dashes, e.g. `telegraf-writer`. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX = 64;
export const isTemplateSlug = (s: string) => s.length <= SLUG_MAX && SLUG_PATTERN.test(s);

/** Longest link the decoder reads, and most parameters; beyond that a link is not a prefill. */
export const MAX_LINK_LENGTH = 16_000;
const MAX_PARTS = 300;
/** The not-applied list stays readable: beyond this many, one summary line. */
const MAX_NOT_APPLIED = 50;

// Parameter names that would mean someone is trying to pass a secret through a link.
const SECRET_KEY = /token|passw|secret|credential|auth|session|cookie|apikey|api_key|bearer/i;

// ---------------------------------------------------------------------------------------------
// Encoding

/** `read:buckets/iot-center`, `write:users/owner`, `read:dashboards`: one string per item. */
export function permissionParts(g: PrefillGrant): string[] {
  if (g.scope.kind === 'all') return [`${g.action}:${g.type}`];
  if (g.scope.kind === 'owner') return [`${g.action}:${g.type}/owner`];
  return g.scope.names.map((n) => `${g.action}:${g.type}/${n}`);
}

// encodeURIComponent, then keep the characters the query component allows (RFC 3986) and that make
// the grammar readable. `+` stays %2B (a literal + would read back as a space); `&`, `=`, `#`, `%`
// stay escaped.
function encodeValue(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '+').replace(/%3A/g, ':').replace(/%2F/g, '/').replace(/%40/g, '@').replace(/%2C/g, ',');
}

export interface ShareLink {
  /** Path and query, e.g. `/tokens/new?v=1&p=read:dashboards`. Prefix the console's origin to share. */
  href: string;
  /** What the form held that a link cannot carry (with reasons); the UI shows it next to "Copy link". */
  leftOut: NotApplied[];
}

/**
 * Encodes a prefill. Only valid fields go in (each checked on its own, so one bad field does not
 * lose the rest); whatever cannot be expressed is listed in `leftOut`.
 */
export function buildShareLink(prefill: Prefill, opts: { connection?: string } = {}): ShareLink {
  const leftOut: NotApplied[] = [];
  const keep: Prefill = emptyPrefill();
  const field = <K extends 'org' | 'description' | 'owner'>(key: K, param: string, schema: z.ZodType<string>) => {
    const value: unknown = prefill?.[key];
    if (value === undefined || value === '') return;
    const r = schema.safeParse(value);
    if (r.success) keep[key] = r.data;
    else leftOut.push({ part: showPart(param, shown(value)), reason: r.error.issues[0]?.message ?? 'not valid' });
  };
  field('org', 'org', nameSchema);
  field('description', 'd', descriptionSchema);
  field('owner', 'owner', nameSchema);
  const lifetime: unknown = prefill?.lifetime;
  if (lifetime !== undefined && lifetime !== '') {
    const r = lifetimeTextSchema.safeParse(lifetime);
    if (r.success) keep.lifetime = r.data;
    else leftOut.push({ part: showPart('life', shown(lifetime)), reason: r.error.issues[0]?.message ?? 'not a lifetime' });
  }
  const deliver: unknown = prefill?.deliver;
  if (deliver !== undefined) {
    const r = prefillDeliverSchema.safeParse(deliver);
    if (r.success) keep.deliver = r.data;
    else leftOut.push({ part: showPart('path', describeDeliver(deliver)), reason: r.error.issues[0]?.message ?? 'not a destination' });
  }
  const status: unknown = prefill?.status;
  if (status !== undefined) {
    if ((STATUSES as readonly unknown[]).includes(status)) keep.status = status as TokenStatus;
    else leftOut.push({ part: showPart('s', shown(status)), reason: 'status must be active or inactive' });
  }
  for (const g of Array.isArray(prefill?.grants) ? prefill.grants : []) {
    const r = prefillGrantSchema.safeParse(g);
    if (r.success) keep.grants.push(r.data);
    else leftOut.push({ part: showPart('p', describeRaw(g)), reason: r.error.issues[0]?.message ?? 'not a valid permission' });
  }
  const canonical = normalisePrefill(keep);
  if (canonical.grants.length > MAX_PREFILL_GRANTS) {
    for (const g of canonical.grants.splice(MAX_PREFILL_GRANTS)) {
      leftOut.push({
        part: showPart('p', permissionParts(g)[0] ?? g.type),
        reason: `a link holds at most ${MAX_PREFILL_GRANTS} permissions`,
      });
    }
  }
  // With a connection: format 2. Without (a console of one server, a template's stored prefill):
  // format 1, exactly as before connections.
  const connection = opts.connection && CONNECTION_ID_PATTERN.test(opts.connection) ? opts.connection : undefined;
  return { href: `${LINK_PATH}?${encodeQuery(canonical, connection)}`, leftOut };
}

/** A rejected destination as the link would have said it, for the left-out list. */
function describeDeliver(d: unknown): string {
  const o = (d ?? {}) as { store?: unknown; path?: unknown };
  return `${shown(o.store)}:${shown(o.path)}`;
}

/** A rejected grant as a person would have written it, for the left-out list. */
function describeRaw(g: unknown): string {
  try {
    const o = (g ?? {}) as { action?: unknown; type?: unknown; scope?: { kind?: unknown; names?: unknown } };
    const names = Array.isArray(o.scope?.names) ? o.scope.names.map(String).join(',') : '';
    const item = o.scope?.kind === 'owner' ? '/owner' : names ? `/${names}` : '';
    return `${String(o.action)}:${String(o.type)}${item}`;
  } catch {
    return '(a permission)';
  }
}

/**
 * The query string of a canonical prefill, parameters in a fixed order. The oldest format that can
 * say it: 3 only with a lifetime, 2 with a connection, 1 otherwise (links as before).
 */
function encodeQuery(p: Prefill, connection?: string): string {
  const version = p.deliver
    ? LINK_VERSION
    : p.lifetime
      ? LINK_VERSION_BEFORE_DESTINATIONS
      : connection
        ? LINK_VERSION_BEFORE_LIFETIMES
        : LINK_VERSION_BEFORE_CONNECTIONS;
  const parts: string[] = [`v=${version}`, ...(connection ? [`connection=${connection}`] : [])];
  if (p.description) parts.push(`d=${encodeValue(p.description)}`);
  if (p.status) parts.push(`s=${p.status}`);
  if (p.org) parts.push(`org=${encodeValue(p.org)}`);
  if (p.owner) parts.push(`owner=${encodeValue(p.owner)}`);
  for (const g of p.grants) for (const part of permissionParts(g)) parts.push(`p=${encodeValue(part)}`);
  if (p.lifetime) parts.push(`life=${encodeValue(p.lifetime)}`);
  if (p.deliver) {
    parts.push(`store=${p.deliver.store}`, `path=${encodeValue(p.deliver.path)}`);
    if (p.deliver.key) parts.push(`key=${p.deliver.key}`);
    if (p.deliver.withUrlAndOrg) parts.push('urlorg=1');
  }
  return parts.join('&');
}

/** `/tokens/new?template=telegraf-writer` (latest version), pinned with `&version=3`, on a connection with `&connection=`. */
export function templateLink(slug: string, version?: number, connection?: string, org?: string): string {
  if (!isTemplateSlug(slug)) throw new Error('not a template slug');
  const pin = version !== undefined && Number.isInteger(version) && version > 0 ? `&version=${version}` : '';
  // A template saved on a connection opens there (absent: the default connection).
  const on =
    (connection && CONNECTION_ID_PATTERN.test(connection) ? `&connection=${connection}` : '') +
    (connection && org && nameSchema.safeParse(org).success ? `&org=${encodeValue(org)}` : '');
  return `${LINK_PATH}?template=${slug}${pin}${on}`;
}

// ---------------------------------------------------------------------------------------------
// Decoding

export interface DecodedLink {
  /** Link format version that was read (1 when the link had none). */
  version: number;
  /** The connection a format 2 link names (checked by the page: it may not exist here). */
  connection?: string;
  /** Always valid against prefillSchema and canonical (normalisePrefill). */
  prefill: Prefill;
  /** Set when the link names a saved template; the prefill is then empty. */
  template?: { slug: string; version?: number };
  notApplied: NotApplied[];
  /** What an older link format could not carry, in words (1 and 2: no lifetime, 1 to 3: no destination). */
  lacked?: string[];
}

export type LinkInput = string | URLSearchParams | Record<string, string | readonly string[] | undefined>;

/** True when a link asks for nothing at all (a plain visit to /tokens/new). */
export const isEmptyLink = (d: DecodedLink) =>
  !d.template && d.notApplied.length === 0 && d.prefill.grants.length === 0 && Object.keys(d.prefill).length === 1;

/** Reads a link (full URL, path with query, bare query, or Next's searchParams). Never throws. */
export function decodeShareLink(input: LinkInput): DecodedLink {
  try {
    return decodeEntries(toEntries(input));
  } catch {
    return {
      version: LINK_VERSION,
      prefill: emptyPrefill(),
      notApplied: [{ part: '(the whole link)', reason: 'the link could not be read' }],
    };
  }
}

type Entries = [string, string][] | 'too-long';

function toEntries(input: LinkInput): Entries {
  if (typeof input === 'string') {
    if (input.length > MAX_LINK_LENGTH) return 'too-long';
    const q = input.indexOf('?');
    let query = q >= 0 ? input.slice(q + 1) : input.includes('=') ? input : '';
    const hash = query.indexOf('#');
    if (hash >= 0) query = query.slice(0, hash);
    return [...new URLSearchParams(query)];
  }
  if (input instanceof URLSearchParams) {
    if (input.toString().length > MAX_LINK_LENGTH) return 'too-long';
    return [...input];
  }
  const out: [string, string][] = [];
  let length = 0;
  for (const [k, v] of Object.entries(input ?? {})) {
    const values = typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
    for (const value of values) {
      const s = typeof value === 'string' ? value : String(value);
      length += k.length + s.length + 2;
      if (length > MAX_LINK_LENGTH) return 'too-long';
      out.push([k, s]);
    }
  }
  return out;
}

// Collects what a link asked for but the decoder could not apply (shown by <NotAppliedList>).
class NotAppliedCollector {
  readonly items: NotApplied[] = [];
  private extra = 0;
  add(part: string, reason: string) {
    if (this.items.length < MAX_NOT_APPLIED) this.items.push({ part, reason });
    else this.extra += 1;
  }
  done(): NotApplied[] {
    return this.extra > 0
      ? [...this.items, { part: `(${this.extra} more parts)`, reason: 'not applied either; the link asks for too much to list' }]
      : this.items;
  }
}

function decodeEntries(entries: Entries): DecodedLink {
  if (entries === 'too-long') {
    return {
      version: LINK_VERSION,
      prefill: emptyPrefill(),
      notApplied: [
        { part: '(the whole link)', reason: `the link is longer than ${MAX_LINK_LENGTH} characters, so none of it was applied` },
      ],
    };
  }
  const notApplied = new NotAppliedCollector();
  if (entries.length > MAX_PARTS) {
    notApplied.add(`(${entries.length - MAX_PARTS} parts after the first ${MAX_PARTS})`, `a link holds at most ${MAX_PARTS} parts`);
    entries = entries.slice(0, MAX_PARTS);
  }

  // Sort parts into: allowed (first of each single parameter, every p), and reported.
  const seen = new Set<string>();
  const kept: [string, string][] = [];
  for (const [key, value] of entries) {
    if (SECRET_KEY.test(key)) {
      notApplied.add(hiddenPart(key), 'links never carry tokens, passwords or other credentials; ignored');
    } else if (!(LINK_PARAMS as readonly string[]).includes(key)) {
      notApplied.add(showPart(key, value), `not part of a token link (allowed: ${LINK_PARAMS.join(', ')})`);
    } else if (SINGLE_PARAMS.has(key) && seen.has(key)) {
      notApplied.add(showPart(key, value), 'appears more than once; the first one was used');
    } else {
      seen.add(key);
      kept.push([key, value]);
    }
  }

  const v = kept.find(([k]) => k === 'v')?.[1];
  const version = v === undefined ? LINK_VERSION_BEFORE_CONNECTIONS : /^[1-9][0-9]{0,5}$/.test(v) ? Number(v) : NaN;
  const decoder = DECODERS[version];
  if (!decoder) {
    const why =
      Number.isInteger(version) && version > LINK_VERSION
        ? `the link was made by a newer console (link format ${version}); this console reads formats 1 to ${LINK_VERSION}`
        : 'not a link format this console knows';
    for (const [key, value] of kept) notApplied.add(showPart(key, value), key === 'v' ? why : `not applied: ${why}`);
    return { version: LINK_VERSION, prefill: emptyPrefill(), notApplied: notApplied.done() };
  }
  return decoder(
    kept.filter(([k]) => k !== 'v'),
    notApplied,
    version,
  );
}

type Decoder = (entries: [string, string][], notApplied: NotAppliedCollector, version: number) => DecodedLink;

/** Every link format ever published keeps its decoder here, so old links keep working. */
const DECODERS: Record<number, Decoder> = {
  1: lacking(decodeV1, { lifetime: true }),
  2: lacking(decodeV2, { lifetime: true }),
  3: lacking(decodeV3, { lifetime: false }),
  4: decodeV4,
};

const NO_LIFETIME = 'a lifetime: this link was made before links carried one, so the policy default applies';
export const NO_DESTINATION =
  'a “Deliver to” destination: this link was made before links carried one, so the token is shown once in the dialog';

/** Older formats decode as they always did, and say what they cannot carry. */
function lacking(decoder: Decoder, lacks: { lifetime: boolean }): Decoder {
  return (entries, notApplied, version) => {
    for (const [key, value] of entries) {
      if (key === 'life' && lacks.lifetime)
        notApplied.add(showPart(key, value), `a format ${version} link carries no lifetime (format 3 does); the policy default applies`);
      if (DESTINATION_PARAMS.includes(key))
        notApplied.add(
          showPart(key, value),
          `a format ${version} link carries no “Deliver to” destination (format 4 does); the token is shown once in the dialog`,
        );
    }
    const decoded = decoder(
      entries.filter(([k]) => !(lacks.lifetime && k === 'life') && !DESTINATION_PARAMS.includes(k)),
      notApplied,
      version,
    );
    return decoded.template ? decoded : { ...decoded, lacked: [...(lacks.lifetime ? [NO_LIFETIME] : []), NO_DESTINATION] };
  };
}

/** Format 4: format 3 plus the "Deliver to" destination (a KV path in a secret store). */
function decodeV4(entries: [string, string][], notApplied: NotAppliedCollector, version: number): DecodedLink {
  const asked = entries.filter(([k]) => DESTINATION_PARAMS.includes(k));
  const rest = decodeV3(
    entries.filter(([k]) => !DESTINATION_PARAMS.includes(k)),
    notApplied,
    version,
  );
  if (asked.length === 0) return rest;
  const why = (reason: string) => {
    for (const [key, value] of asked) notApplied.add(showPart(key, value), reason);
  };
  if (entries.some(([k]) => k === 'template')) {
    why('a template link takes its settings from the template; change them in the form instead');
    return rest;
  }
  const get = (k: string) => asked.find(([key]) => key === k)?.[1];
  const store = get('store');
  const path = get('path');
  const urlorg = get('urlorg');
  if (!store || !path) {
    why('a destination needs both store= and path=; the token is shown once in the dialog');
    return rest;
  }
  if (urlorg !== undefined && urlorg !== '1' && urlorg !== '0') {
    why('urlorg is 1 (write the URL and org id beside the token) or 0; the destination was not applied');
    return rest;
  }
  const key = get('key');
  const r = prefillDeliverSchema.safeParse({
    store,
    path,
    ...(key !== undefined && key !== '' ? { key } : {}),
    ...(urlorg === '1' ? { withUrlAndOrg: true } : {}),
  });
  if (!r.success) {
    why(`${r.error.issues[0]?.message ?? 'not a destination'}; the destination was not applied`);
    return rest;
  }
  return { ...rest, prefill: normalisePrefill({ ...rest.prefill, deliver: r.data }) };
}

/** Format 3: format 2 plus the lifetime. */
function decodeV3(entries: [string, string][], notApplied: NotAppliedCollector, version: number): DecodedLink {
  const raw = entries.find(([k]) => k === 'life')?.[1];
  const isTemplate = entries.some(([k]) => k === 'template');
  let lifetime: string | undefined;
  if (raw !== undefined && raw !== '') {
    const r = lifetimeTextSchema.safeParse(raw);
    if (isTemplate)
      notApplied.add(showPart('life', raw), 'a template link takes its settings from the template; change them in the form instead');
    else if (r.success) lifetime = r.data;
    else notApplied.add(showPart('life', raw), r.error.issues[0]?.message ?? 'not a lifetime');
  }
  const rest = decodeV2(
    entries.filter(([k]) => k !== 'life'),
    notApplied,
    version,
  );
  return lifetime ? { ...rest, prefill: normalisePrefill({ ...rest.prefill, lifetime }) } : rest;
}

/** Format 2: format 1 plus the connection. */
function decodeV2(entries: [string, string][], notApplied: NotAppliedCollector, version: number): DecodedLink {
  const raw = entries.find(([k]) => k === 'connection')?.[1];
  let connection: string | undefined;
  if (raw !== undefined && raw !== '') {
    if (CONNECTION_ID_PATTERN.test(raw) && raw !== ALL_CONNECTIONS) connection = raw;
    else
      notApplied.add(
        showPart('connection', raw),
        'not a connection id (lowercase letters, digits and dashes); the default connection is used',
      );
  }
  const rest = decodeV1(
    entries.filter(([k]) => k !== 'connection'),
    notApplied,
    version,
  );
  return { ...rest, ...(connection ? { connection } : {}) };
}

function decodeV1(entries: [string, string][], notApplied: NotAppliedCollector, version: number): DecodedLink {
  const slug = entries.find(([k]) => k === 'template')?.[1];
  if (slug !== undefined) return decodeTemplateLink(slug, entries, notApplied, version);

  const prefill = emptyPrefill();
  const grants: PrefillGrant[] = [];
  for (const [key, value] of entries) {
    if (key === 'p') {
      if (grants.length >= MAX_PREFILL_GRANTS) {
        notApplied.add(showPart(key, value), `a link holds at most ${MAX_PREFILL_GRANTS} permissions`);
        continue;
      }
      const r = parsePermissionPart(value);
      if (r.ok) grants.push(r.grant);
      else notApplied.add(showPart(key, value), r.reason);
    } else if (key === 'd' || key === 'org' || key === 'owner') {
      if (value === '') continue; // an empty field asks for nothing
      const r = (key === 'd' ? descriptionSchema : nameSchema).safeParse(value);
      if (!r.success) notApplied.add(showPart(key, value), r.error.issues[0]?.message ?? 'not valid');
      else if (key === 'd') prefill.description = r.data;
      else prefill[key] = r.data;
    } else if (key === 's') {
      if ((STATUSES as readonly string[]).includes(value)) prefill.status = value as TokenStatus;
      else notApplied.add(showPart(key, value), 'status must be active or inactive');
    } else if (key === 'version') {
      notApplied.add(showPart(key, value), 'a version only applies to a template link (template=<name>&version=<n>)');
    } else if (key === 'connection') {
      notApplied.add(showPart(key, value), 'a format 1 link carries no connection (format 2 does); the default connection is used');
    }
  }
  prefill.grants = grants;
  return { version, prefill: normalisePrefill(prefill), notApplied: notApplied.done() };
}

function decodeTemplateLink(slug: string, entries: [string, string][], notApplied: NotAppliedCollector, version: number): DecodedLink {
  let template: DecodedLink['template'];
  if (isTemplateSlug(slug)) template = { slug };
  else notApplied.add(showPart('template', slug), 'not a template name (lowercase letters, digits and dashes)');
  for (const [key, value] of entries) {
    if (key === 'template') continue;
    if (key === 'version') {
      if (/^[1-9][0-9]{0,5}$/.test(value) && template) template.version = Number(value);
      else if (template) notApplied.add(showPart(key, value), 'a template version is a whole number from 1; the latest version was used');
      else notApplied.add(showPart(key, value), 'no valid template to pin a version of');
    } else if (PREFILL_PARAMS.has(key)) {
      notApplied.add(showPart(key, value), 'a template link takes its settings from the template; change them in the form instead');
    } else if (key === 'connection') {
      // The page reads the connection from the URL for a template too: nothing to say here.
    }
  }
  return { version, prefill: emptyPrefill(), ...(template ? { template } : {}), notApplied: notApplied.done() };
}

/** One `p` value -> a grant, or why not. */
export function parsePermissionPart(value: string): { ok: true; grant: PrefillGrant } | { ok: false; reason: string } {
  const colon = value.indexOf(':');
  if (colon < 0) return { ok: false, reason: 'a permission reads <read|write>:<type>[/<item>], e.g. read:buckets/telemetry' };
  const action = value.slice(0, colon);
  if (action !== 'read' && action !== 'write') return { ok: false, reason: `“${clip(action)}” is not an action; use read or write` };
  const rest = value.slice(colon + 1);
  const slash = rest.indexOf('/');
  const type = slash < 0 ? rest : rest.slice(0, slash);
  const item = slash < 0 ? undefined : rest.slice(slash + 1);
  if (type === 'instance') return { ok: false, reason: 'the instance type can never be granted' };
  if (!resourceTypeSchema.safeParse(type).success) return { ok: false, reason: `“${clip(type)}” is not a resource type name` };

  let grant: PrefillGrant;
  if (item === undefined || item === '*') grant = { type, action, scope: { kind: 'all' } };
  else if (item === 'owner' && type === 'users') grant = { type, action, scope: { kind: 'owner' } };
  else if (item === '') return { ok: false, reason: 'the item name after “/” is empty' };
  else grant = { type, action, scope: { kind: 'items', names: [item] } };

  const problem = scopeProblem(type, grant.scope.kind);
  if (problem) return { ok: false, reason: problem };
  const r = prefillGrantSchema.safeParse(grant);
  return r.success ? { ok: true, grant: r.data } : { ok: false, reason: r.error.issues[0]?.message ?? 'not a valid permission' };
}

/** A value that failed its check, as text to quote (it may be anything a link or caller put there). */
function shown(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? typeof value);
}

/** A fragment quoted in a reason: short, one line, never a secret. */
function clip(s: string): string {
  if (looksLikeSecret(s)) return '(hidden)';
  const line = s.replace(new RegExp(CONTROL.source, 'g'), '?');
  return line.length > 40 ? `${line.slice(0, 37)}…` : line;
}
