import type { JourneyDefinition } from './definition.ts';

/** Names of the events a journey reacts to when they arrive: only these need reading from an upload. */
export function reactiveEventNames(definition: JourneyDefinition): Set<string> {
  const names = new Set<string>(['email_open']);
  if (definition.goal) names.add(definition.goal.event.name);
  if (definition.exit) names.add(definition.exit.event.name);
  for (const node of definition.nodes) {
    if (node.type === 'entry_event' || node.type === 'wait_for') names.add(node.event.name);
  }
  return names;
}

/** Every event name a journey reads, including those its segments and checks count. */
export function allEventNames(definition: JourneyDefinition): Set<string> {
  const names = reactiveEventNames(definition);
  for (const node of definition.nodes) {
    const segment = node.type === 'entry_past' ? node.segment : node.type === 'check' ? node.condition : undefined;
    for (const count of segment?.events ?? []) names.add(count.event.name);
  }
  return names;
}
