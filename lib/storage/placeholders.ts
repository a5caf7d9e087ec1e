// Store SQL is written once with `?` placeholders (SQLite's); PostgreSQL numbers them ($1, $2...).
// A `?` inside a quoted string, a quoted identifier, a comment or a dollar-quoted body is text, not
// a placeholder, so those stretches are copied as they are.

export function numberedPlaceholders(text: string): string {
  if (!text.includes('?')) return text;
  let out = '';
  let n = 0;
  let i = 0;
  while (i < text.length) {
    const end = skipQuoted(text, i);
    if (end > i) {
      out += text.slice(i, end);
      i = end;
    } else if (text[i] === '?') {
      out += `$${++n}`;
      i += 1;
    } else {
      out += text[i];
      i += 1;
    }
  }
  return out;
}

/** Where the quoted stretch starting at `i` ends (past its closing mark), or `i` if none starts there. */
function skipQuoted(text: string, i: number): number {
  const c = text[i];
  const close = (mark: string, from: number) => {
    const at = text.indexOf(mark, from);
    return at === -1 ? text.length : at + mark.length;
  };
  // '' inside a string and "" inside an identifier are an escaped quote: the stretch just goes on.
  if (c === "'" || c === '"') return close(c, i + 1);
  if (c === '-' && text[i + 1] === '-') return close('\n', i + 2);
  if (c === '/' && text[i + 1] === '*') return close('*/', i + 2);
  if (c === '$') {
    const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i))?.[0];
    if (tag) return close(tag, i + tag.length);
  }
  return i;
}
