import { isValidAttributeName } from '../../../shared/import/attribute-name.ts';
import type { UserProfile } from '../../../shared/model/timeline.ts';
import { ShopfloorError } from '../errors.ts';
import { iso } from '../store/batch-repo.ts';
import type { Db } from '../store/open-store.ts';

interface UserRow {
  user_id: string;
  attrs: string;
  created_at: number;
  updated_at: number;
}

function toProfile(row: UserRow): UserProfile {
  return { user_id: row.user_id, ...(JSON.parse(row.attrs) as Record<string, unknown>), created_at: iso(row.created_at), updated_at: iso(row.updated_at) };
}

export function getProfile(db: Db, userId: string): UserProfile | null {
  const row = db.prepare('SELECT * FROM users WHERE user_id = ?').get(userId) as UserRow | undefined;
  return row ? toProfile(row) : null;
}

export interface FindUsersOptions {
  /** key=value pairs that must all hold; `true`/`false` and numbers also match typed values. */
  attrs?: ReadonlyArray<[string, string]>;
  /** Part of a user id, email or phone number. */
  search?: string;
  limit?: number;
  offset?: number;
}

function sqlValues(value: string): unknown[] {
  const values: unknown[] = [value];
  if (value === 'true') values.push(1);
  if (value === 'false') values.push(0);
  if (value.trim() !== '' && Number.isFinite(Number(value))) values.push(Number(value));
  return values;
}

export function findUsers(db: Db, options: FindUsersOptions = {}): { total: number; users: UserProfile[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [key, value] of options.attrs ?? []) {
    if (key !== 'user_id' && !isValidAttributeName(key)) {
      throw new ShopfloorError('bad_attribute', `"${key}" is not an attribute name (lower-case letters, digits and _)`);
    }
    if (key === 'user_id') {
      where.push('user_id = ?');
      params.push(value);
      continue;
    }
    const values = sqlValues(value);
    where.push(`json_extract(attrs, '$.${key}') IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  }
  if (options.search !== undefined && options.search.trim() !== '') {
    const text = options.search.trim();
    const like = `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    const digits = text.replace(/[^0-9]/g, '');
    const clauses = ["user_id LIKE ? ESCAPE '\\'", "json_extract(attrs, '$.email') LIKE ? ESCAPE '\\'", "json_extract(attrs, '$.phone') LIKE ? ESCAPE '\\'"];
    params.push(like, like, like);
    // Phone numbers are stored in E.164: 090-1234-5678 should still find +819012345678.
    if (digits.length >= 6) {
      clauses.push("replace(json_extract(attrs, '$.phone'), '+', '') LIKE ?");
      params.push(`%${digits.replace(/^0/, '')}%`);
    }
    where.push(`(${clauses.join(' OR ')})`);
  }
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total = db.prepare(`SELECT count(*) FROM users ${filter}`).pluck().get(...params) as number;
  const rows = db.prepare(`SELECT * FROM users ${filter} ORDER BY user_id LIMIT ? OFFSET ?`)
    .all(...params, options.limit ?? 100, options.offset ?? 0) as UserRow[];
  return { total, users: rows.map(toProfile) };
}
