import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Fixed SQL for the hottest statements (a case read or a step write runs them on every request), without the query
 * builder and the entity transformer: TypeORM building the SQL text and hydrating a 45-column row cost more than
 * the statement itself (docs/benchmarks.md, api-load). The columns, their names and their conversions still come
 * from the entity's metadata (the same `prepareHydratedValue` / `preparePersistentValue` of the driver as TypeORM's
 * own path: JSON text, booleans), so an entity change needs no change here. Texts are built once per shape.
 */

/** `?` on SQLite, `$n` on PostgreSQL. */
export function placeholder(m: EntityManager, n: number): string {
  return m.connection.options.type === 'postgres' ? `$${n}` : '?';
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The entity's columns as a select list under `alias` (`"c"."id" AS "id", …`), built once per entity and alias. */
const selects = new WeakMap<EntityMetadata, Map<string, string>>();
export function selectColumns(m: EntityManager, target: EntityTarget<ObjectLiteral>, alias: string): string {
  const meta = m.connection.getMetadata(target);
  let byAlias = selects.get(meta);
  if (!byAlias) selects.set(meta, (byAlias = new Map<string, string>()));
  let list = byAlias.get(alias);
  if (list === undefined) {
    list = meta.columns.map((c) => `${q(alias)}.${q(c.databaseName)} AS ${q(c.databaseName)}`).join(', ');
    byAlias.set(alias, list);
  }
  return list;
}

/**
 * A raw row as the entity TypeORM would have returned: column names as selected by `selectColumns`, or prefixed
 * (`c_title`, as the query builder names them); a column not selected is left out of the entity.
 */
export function hydrate<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, raw: Record<string, unknown>, prefix = ''): T {
  const meta = m.connection.getMetadata(target);
  const driver = m.connection.driver;
  const out = (typeof meta.target === 'function' ? Object.create(meta.target.prototype as object) : {}) as Record<string, unknown>;
  const columns = columnsByKey(meta, prefix);
  for (const key in raw) {
    const c = columns.get(key);
    if (c) out[c.propertyName] = driver.prepareHydratedValue(raw[key], c);
  }
  return out as T;
}

/** The entity's columns by the name a raw row gives them (`prefix` + column name), built once per entity and prefix. */
const byKey = new WeakMap<EntityMetadata, Map<string, Map<string, ColumnMetadata>>>();
function columnsByKey(meta: EntityMetadata, prefix: string): Map<string, ColumnMetadata> {
  let byPrefix = byKey.get(meta);
  if (!byPrefix) byKey.set(meta, (byPrefix = new Map<string, Map<string, ColumnMetadata>>()));
  let columns = byPrefix.get(prefix);
  if (!columns) byPrefix.set(prefix, (columns = new Map(meta.columns.map((c) => [`${prefix}${c.databaseName}`, c]))));
  return columns;
}

/**
 * `UPDATE <table> SET <changed columns> WHERE "id" = ? AND <guard column> = ?`: only the columns in `set`, converted
 * for the driver as TypeORM would. Returns the number of rows changed.
 */
export async function updateWhere<T extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<T>,
  set: Partial<T>,
  where: Partial<T>,
): Promise<number> {
  const meta = m.connection.getMetadata(target);
  const driver = m.connection.driver;
  const params: unknown[] = [];
  const column = (property: string) => {
    const c = meta.findColumnWithPropertyName(property);
    if (!c) throw new Error(`${meta.name} has no column ${property}`);
    return c;
  };
  const sets = Object.entries(set)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      const c = column(k);
      params.push(driver.preparePersistentValue(v, c));
      return `${q(c.databaseName)} = ${placeholder(m, params.length)}`;
    });
  const wheres = Object.entries(where).map(([k, v]) => {
    const c = column(k);
    params.push(driver.preparePersistentValue(v, c));
    return `${q(c.databaseName)} = ${placeholder(m, params.length)}`;
  });
  if (!sets.length || !wheres.length) throw new Error('updateWhere needs columns to set and a condition');
  // through the query runner, as EntityManager.query does, for the structured result (rows changed)
  const runner = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    const result = await runner.query(`UPDATE ${q(meta.tableName)} SET ${sets.join(', ')} WHERE ${wheres.join(' AND ')}`, params, true);
    return (result as { affected?: number }).affected ?? 0;
  } finally {
    if (!m.queryRunner) await runner.release();
  }
}

/** `INSERT INTO <table> (<columns>) VALUES (…)`: every column of the entity, converted as TypeORM would. */
export async function insertRow<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, row: T): Promise<void> {
  const meta = m.connection.getMetadata(target);
  const driver = m.connection.driver;
  const cols = meta.columns.filter((c) => (row as Record<string, unknown>)[c.propertyName] !== undefined);
  const params = cols.map((c) => driver.preparePersistentValue((row as Record<string, unknown>)[c.propertyName], c) as unknown);
  await m.query(
    `INSERT INTO ${q(meta.tableName)} (${cols.map((c) => q(c.databaseName)).join(', ')}) VALUES (${cols.map((_, i) => placeholder(m, i + 1)).join(', ')})`,
    params,
  );
}
