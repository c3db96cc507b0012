/**
 * Where a stored credential goes. A secret is bound to its destination: changing the server (scheme,
 * host, port; for HTTP the origin) needs the secret typed again, so a compromised window cannot point
 * a stored password at a server of its own. The UI and the core compute it the same way.
 */

/** This computer: the only place a credential may go without TLS. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** `https://host:port` of an http(s) URL (default ports left out, as URL does), or null when it is not one. */
export function httpOrigin(raw: string): string | null {
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

export interface SmtpDestinationInput {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  /** Turning certificate checks off lets anyone on the way read the password: that is another destination too. */
  reject_unauthorized?: boolean;
}

export function smtpDestination(config: SmtpDestinationInput): string {
  const scheme = config.security === 'tls' ? 'smtps' : config.security === 'starttls' ? 'smtp+starttls' : 'smtp';
  return `${scheme}://${config.host.trim().toLowerCase()}:${config.port}${config.reject_unauthorized === false ? ' (certificate not checked)' : ''}`;
}

/** Why a credential cannot go to this destination (plain text to another machine), or null. */
export function cleartextProblem(scheme: 'http' | 'smtp', hostname: string): string | null {
  if (isLoopbackHost(hostname)) return null;
  return scheme === 'http'
    ? 'a credential is only sent over https (http is accepted for this computer only)'
    : 'an SMTP password is only sent over TLS (tls or starttls; none is accepted for this computer only)';
}
