import type { AttributeType, TypeRegistry } from '../../../shared/import/validate-row.ts';
import type { Db } from '../store/open-store.ts';

/** The store's attribute types, cached for an import; new types are written with the chunk that fixed them. */
export class StoreTypeRegistry implements TypeRegistry {
  private readonly known = new Map<string, AttributeType>();
  private pending: Array<[string, string, AttributeType]> = [];

  constructor(private readonly db: Db) {
    for (const row of db.prepare('SELECT scope, name, type FROM attribute_types').all() as Array<{ scope: string; name: string; type: AttributeType }>) {
      this.known.set(`${row.scope}:${row.name}`, row.type);
    }
  }

  typeOf(scope: 'user' | 'event', name: string): AttributeType | undefined {
    return this.known.get(`${scope}:${name}`);
  }

  fix(scope: 'user' | 'event', name: string, type: AttributeType): void {
    this.known.set(`${scope}:${name}`, type);
    this.pending.push([scope, name, type]);
  }

  /** Call inside the transaction that writes the rows. */
  flush(): void {
    if (this.pending.length === 0) return;
    const insert = this.db.prepare('INSERT OR IGNORE INTO attribute_types (scope, name, type) VALUES (?, ?, ?)');
    for (const [scope, name, type] of this.pending) insert.run(scope, name, type);
    this.pending = [];
  }
}
