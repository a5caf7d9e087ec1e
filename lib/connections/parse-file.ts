// Reads the connections file (YAML) into connections, or into problems that name the line and the
// field, so a mistake stops the console at start with words a person can act on. Pure: the file's
// text and the environment come in as values. No message ever repeats a credential's value.
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { connectionsFileSchema, SECRET_KEYS } from './file-schema';
import type { Connection, ConnectionSet } from './model';

export interface FileProblem {
  /** 1-based line in the file; absent when the file itself is the problem (empty). */
  line?: number;
  /** Where, e.g. `connections[1].url` (with the connection's id when it has one). */
  field: string;
  message: string;
}

export type ParseResult = { ok: true; set: ConnectionSet } | { ok: false; problems: FileProblem[] };

type Path = readonly (string | number)[];

export interface ParseOptions {
  /** Timeout of connections that set none (INFLUX_TIMEOUT_MS or its default). */
  defaultTimeoutMs: number;
}

export function parseConnectionsFile(text: string, env: Readonly<Record<string, string | undefined>>, opts: ParseOptions): ParseResult {
  const lines = new LineCounter();
  // failsafe: every value is a string, so an all-digit tokenId keeps its digits and `no` stays "no".
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, schema: 'failsafe' });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        line: lines.linePos(e.pos[0]).line,
        field: 'file',
        message: `not valid YAML: ${firstLine(e.message)}`,
      })),
    };
  }
  const raw: unknown = doc.toJS();
  const lineOf = (path: Path): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
      if (node?.range) return lines.linePos(node.range[0]).line;
      if (n === 0 && doc.contents?.range) return lines.linePos(doc.contents.range[0]).line;
    }
    return undefined;
  };
  const keyLine = (path: Path, key: string): number | undefined => {
    const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      const at = pair && isScalar(pair.key) ? pair.key.range : undefined;
      if (at) return lines.linePos(at[0]).line;
    }
    return lineOf(path);
  };
  const fieldName = (path: Path): string => {
    const [head, index, ...rest] = path;
    if (head === 'connections' && typeof index === 'number') {
      const id = (raw as { connections?: { id?: unknown }[] })?.connections?.[index]?.id;
      const where = typeof id === 'string' && id ? `connections[${index}] (${id})` : `connections[${index}]`;
      return [where, ...rest].join('.');
    }
    return path.length === 0 ? 'file' : path.join('.');
  };

  if (raw === null || raw === undefined) {
    return { ok: false, problems: [{ field: 'file', message: 'the file is empty: it must list connections (see README, "Connections")' }] };
  }
  const secrets = secretKeyProblems(raw, keyLine, fieldName);
  const parsed = connectionsFileSchema.safeParse(raw);
  if (!parsed.success || secrets.length > 0) {
    const problems = [...secrets, ...(parsed.success ? [] : zodProblems(parsed.error, { lineOf, keyLine, fieldName }))];
    return { ok: false, problems: dropSecretKeyDuplicates(problems) };
  }

  const problems: FileProblem[] = [];
  const connections: Connection[] = parsed.data.connections.map((c, i) => {
    const at = (field: string) => ({ line: lineOf(['connections', i, field]), field: fieldName(['connections', i, field]) });
    const token = env[c.tokenEnv];
    if (token === undefined || token.trim() === '') {
      problems.push({
        ...at('tokenEnv'),
        message: `tokenEnv names ${c.tokenEnv}, which is not set: set it to the console credential of this server`,
      });
    } else if (token.length < 16) {
      problems.push({ ...at('tokenEnv'), message: `${c.tokenEnv} (named by tokenEnv) looks too short to be an InfluxDB API token` });
    }
    let tokenID = c.tokenId ?? '';
    if (c.tokenIdEnv !== undefined) {
      tokenID = env[c.tokenIdEnv]?.trim() ?? '';
      if (!/^[0-9a-f]{16}$/.test(tokenID)) {
        problems.push({
          ...at('tokenIdEnv'),
          message: `${c.tokenIdEnv} (named by tokenIdEnv) must be set to the 16-hex-digit authorization id of the console credential`,
        });
      }
    }
    return {
      id: c.id,
      label: c.label,
      colour: c.colour,
      url: c.url.replace(/\/+$/, ''),
      token: token ?? '',
      tokenID,
      org: c.org,
      timeoutMs: c.timeoutMs ?? opts.defaultTimeoutMs,
      ...(c.roles ? { roles: [...new Set(c.roles)] } : {}),
    };
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, set: { connections, defaultId: parsed.data.default ?? connections[0]!.id } };
}

/** "CONSOLE_CONNECTIONS_FILE line 7, connections[1] (staging).url: url must ..." */
export function describeFileProblem(file: string, p: FileProblem): string {
  return `${file}${p.line !== undefined ? ` line ${p.line}` : ''}, ${p.field}: ${p.message}`;
}

const firstLine = (s: string) => s.split('\n')[0] ?? s;

type Locate = {
  lineOf: (path: Path) => number | undefined;
  keyLine: (path: Path, key: string) => number | undefined;
  fieldName: (path: Path) => string;
};

function secretKeyProblems(raw: unknown, keyLine: Locate['keyLine'], fieldName: Locate['fieldName']): FileProblem[] {
  const list = (raw as { connections?: unknown })?.connections;
  if (!Array.isArray(list)) return [];
  const problems: FileProblem[] = [];
  list.forEach((entry, i) => {
    if (typeof entry !== 'object' || entry === null) return;
    for (const key of SECRET_KEYS) {
      if (!(key in entry)) continue;
      problems.push({
        line: keyLine(['connections', i], key),
        field: fieldName(['connections', i, key]),
        message: `a credential must not be written in this file: put it in an environment variable and name that variable in tokenEnv`,
      });
    }
  });
  return problems;
}

function zodProblems(error: z.ZodError, { lineOf, keyLine, fieldName }: Locate): FileProblem[] {
  const problems: FileProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          line: keyLine(issue.path as Path, key),
          field: fieldName([...(issue.path as Path), key]),
          message: `unknown field "${key}"`,
        });
      }
      continue;
    }
    problems.push({ line: lineOf(issue.path as Path), field: fieldName(issue.path as Path), message: issue.message });
  }
  return problems;
}

/** A secret key is reported once, with the words about where it belongs, not also as "unknown". */
function dropSecretKeyDuplicates(problems: FileProblem[]): FileProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.line}:${p.field}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
