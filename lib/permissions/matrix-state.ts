// What the permission matrix shows, and how it turns into grants and back. One row per resource
// type: either "every <type> in the org" (read/write ticks) or "specific items" (each picked item
// has its own read/write ticks). In "specific items" mode the row's own tick for an action still
// means "every <type>" for that action, so "read every bucket, write only bucket B" can be said.
// Pure, so the builder stays a thin view over it.
import { ITEM_PICKABLE_TYPES, normaliseGrants, type Action, type Grant } from './model';

export interface MatrixItem {
  id: string;
  name: string;
  /** InfluxDB system bucket (_monitoring, _tasks). */
  system?: boolean;
  read: boolean;
  write: boolean;
}

export interface MatrixRow {
  mode: 'all' | 'items';
  read: boolean;
  write: boolean;
  items: MatrixItem[];
}

export type MatrixState = Record<string, MatrixRow>;

export const emptyRow = (): MatrixRow => ({ mode: 'all', read: false, write: false, items: [] });

export const isItemPickable = (type: string) => (ITEM_PICKABLE_TYPES as readonly string[]).includes(type);

/** The widest scope the builder offers for a type: the org itself, the owner user, or all. */
export const wideScope = (type: string): Grant['scope'] => (type === 'users' ? { kind: 'owner' } : { kind: 'all' });

export function emptyMatrix(types: readonly string[]): MatrixState {
  return Object.fromEntries(types.map((t) => [t, emptyRow()]));
}

export function matrixToGrants(state: MatrixState): Grant[] {
  const grants: Grant[] = [];
  for (const [type, row] of Object.entries(state)) {
    if (row.mode === 'all' || !isItemPickable(type)) {
      if (row.read) grants.push({ type, action: 'read', scope: wideScope(type) });
      if (row.write) grants.push({ type, action: 'write', scope: wideScope(type) });
      continue;
    }
    for (const action of ['read', 'write'] as const) {
      if (row[action]) {
        grants.push({ type, action, scope: wideScope(type) });
        continue;
      }
      const items = row.items.filter((i) => i[action]).map((i) => ({ id: i.id, name: i.name }));
      if (items.length > 0) grants.push({ type, action, scope: { kind: 'items', items } });
    }
  }
  return normaliseGrants(grants);
}

/** Grants -> matrix, for presets (and later: templates, links, clone). Unknown types are added. */
export function grantsToMatrix(grants: readonly Grant[], types: readonly string[]): MatrixState {
  const state = emptyMatrix(types);
  for (const g of normaliseGrants(grants)) {
    const row = (state[g.type] ??= emptyRow());
    if (g.scope.kind === 'items') {
      row.mode = 'items';
      for (const item of g.scope.items) {
        let m = row.items.find((i) => i.id === item.id);
        if (!m) {
          m = { id: item.id, name: item.name ?? item.id, read: false, write: false };
          row.items.push(m);
        }
        m[g.action] = true;
      }
    } else {
      row[g.action] = true;
    }
  }
  return state;
}

/**
 * Ticks an action for a whole row (the column's select-all). In items mode it ticks every picked
 * item and never widens to "every <type>"; unticking also clears that.
 */
export function setRowAction(state: MatrixState, type: string, action: Action, on: boolean): MatrixState {
  const row = state[type] ?? emptyRow();
  if (row.mode === 'items') {
    return { ...state, [type]: { ...row, ...(on ? {} : { [action]: false }), items: row.items.map((i) => ({ ...i, [action]: on })) } };
  }
  return { ...state, [type]: { ...row, [action]: on } };
}

/** Column state over the given rows: all ticked, some, or none. */
export function columnState(state: MatrixState, types: readonly string[], action: Action): 'all' | 'some' | 'none' {
  let on = 0;
  for (const t of types) if (rowHas(state[t], action)) on++;
  return on === 0 ? 'none' : on === types.length ? 'all' : 'some';
}

export function rowHas(row: MatrixRow | undefined, action: Action): boolean {
  if (!row) return false;
  if (row[action]) return true;
  return row.mode === 'items' && row.items.length > 0 && row.items.every((i) => i[action]);
}

/** The row's own tick: "every <type>" for this action, whatever the mode. */
export function setRowWide(state: MatrixState, type: string, action: Action, on: boolean): MatrixState {
  const row = state[type] ?? emptyRow();
  return { ...state, [type]: { ...row, [action]: on } };
}

export function setMode(state: MatrixState, type: string, mode: MatrixRow['mode']): MatrixState {
  const row = state[type] ?? emptyRow();
  return { ...state, [type]: { ...row, mode } };
}

export function addItem(state: MatrixState, type: string, item: Omit<MatrixItem, 'read' | 'write'>, action: Action = 'read'): MatrixState {
  const row = state[type] ?? emptyRow();
  if (row.items.some((i) => i.id === item.id)) return state;
  return { ...state, [type]: { ...row, items: [...row.items, { ...item, read: action === 'read', write: action === 'write' }] } };
}

export function setItemAction(state: MatrixState, type: string, id: string, action: Action, on: boolean): MatrixState {
  const row = state[type] ?? emptyRow();
  return { ...state, [type]: { ...row, items: row.items.map((i) => (i.id === id ? { ...i, [action]: on } : i)) } };
}

export function removeItem(state: MatrixState, type: string, id: string): MatrixState {
  const row = state[type] ?? emptyRow();
  return { ...state, [type]: { ...row, items: row.items.filter((i) => i.id !== id) } };
}

/** Items belong to one org: switching org drops them (the caller tells the person). */
export function dropItems(state: MatrixState): { state: MatrixState; dropped: number } {
  let dropped = 0;
  const next: MatrixState = {};
  for (const [type, row] of Object.entries(state)) {
    dropped += row.items.length;
    next[type] = { ...row, items: [] };
  }
  return { state: next, dropped };
}
