import type { PartBudget, ZipArchive } from './open-zip.ts';
import { readXmlPart } from './read-xml-part.ts';

export interface Relationship {
  /** The relationship type URI; compare by its last segment (`…/worksheet`) to accept Strict OOXML too. */
  type: string;
  target: string;
  external: boolean;
}

/** The relationships of one part (`xl/_rels/workbook.xml.rels`) by id. */
export async function readRelationships(
  archive: ZipArchive,
  name: string,
  budget: PartBudget,
  context: { file: string; maxNodeChars: number },
): Promise<Map<string, Relationship>> {
  const relationships = new Map<string, Relationship>();
  await readXmlPart(
    archive,
    name,
    budget,
    {
      open(element, attributes) {
        if (element !== 'Relationship') return;
        const id = attributes['Id'];
        const target = attributes['Target'];
        if (id === undefined || target === undefined || relationships.has(id)) return;
        relationships.set(id, {
          type: attributes['Type'] ?? '',
          target,
          external: attributes['TargetMode'] === 'External',
        });
      },
      close() {},
      text() {},
    },
    context,
  );
  return relationships;
}

export function relationshipKind(relationship: Relationship): string {
  return relationship.type.slice(relationship.type.lastIndexOf('/') + 1);
}

/** The relationships path of a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`. */
export function relationshipsPartOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}
