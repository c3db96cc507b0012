/** The stores this app is made for first, then every zone the browser knows. */
const common = ['Asia/Tokyo', 'Asia/Taipei', 'Asia/Hong_Kong', 'Asia/Shanghai', 'Asia/Seoul', 'Asia/Singapore', 'UTC'];

export function timeZones(current: string): { common: string[]; all: string[] } {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const all = [...new Set([...known, ...(current && !common.includes(current) ? [current] : [])])]
    .filter((zone) => !common.includes(zone)).sort();
  return { common, all };
}
