/** The three IPC channels between the preload and main; nothing else crosses. */
export const INVOKE_CHANNEL = 'shopfloor:invoke';
export const EVENT_CHANNEL = 'shopfloor:event';
export const DROPPED_CHANNEL = 'shopfloor:dropped';

/** The one key the preload adds to the page's window. */
export const BRIDGE_KEY = 'shopfloor';
