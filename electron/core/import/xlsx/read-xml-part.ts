import type { PartBudget, ZipArchive } from './open-zip.ts';
import { createXmlPartParser, type XmlHandlers } from './xml-part-parser.ts';

/** Streams one whole part through the handlers (for the parts read before the sheet). */
export async function readXmlPart(
  archive: ZipArchive,
  name: string,
  budget: PartBudget,
  handlers: XmlHandlers,
  context: { file: string; maxNodeChars: number },
): Promise<void> {
  const xml = createXmlPartParser(handlers, { ...context, label: budget.label });
  for await (const chunk of archive.read(name, budget)) xml.write(xml.decode(chunk));
  xml.end();
}
