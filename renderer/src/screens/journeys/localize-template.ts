import type { TFunction } from 'i18next';
import type { JourneyDefinition } from '../../../../shared/journey/definition.ts';

/**
 * A built-in template is written in English; a marketer working in Japanese or Chinese gets its name,
 * step labels and message texts in that language (their customers read the messages).
 */
export function localizeTemplate(template: string, definition: JourneyDefinition, t: TFunction): JourneyDefinition {
  const text = (key: string) => {
    // {{name}} in a message is the engine's placeholder, not i18next's: hand it back unchanged.
    const value = t(`templates.${template}.${key}`, { defaultValue: '', name: '{{name}}' });
    return value === '' ? undefined : value;
  };
  return {
    ...definition,
    name: text('name') ?? definition.name,
    description: text('description') ?? definition.description,
    nodes: definition.nodes.map((node) => {
      const label = text(`nodes.${node.id}.label`);
      const localized = { ...node, ...(label ? { label } : {}) };
      if (localized.type === 'send_email' || localized.type === 'send_sms' || localized.type === 'send_in_app' || localized.type === 'send_in_web') {
        const subject = text(`nodes.${node.id}.subject`);
        const body = text(`nodes.${node.id}.body`);
        return { ...localized, ...(subject ? { subject } : {}), ...(body ? { body } : {}) };
      }
      return localized;
    }),
  };
}
