// Where a published archive lives on Parley's HTTP side. The one place the path is spelled,
// for the server's routes and for the link in the archive message.

/** The formats served; the page itself has no extension. */
export type ArchiveFormat = 'html' | 'md' | 'json';

/** "/archives/<guild>/<session>", "/archives/<guild>/<session>.md", … */
export function archivePath(guildId: string, sessionId: number, format: ArchiveFormat = 'html'): string {
  return `/archives/${guildId}/${sessionId}${format === 'html' ? '' : `.${format}`}`;
}

/** The page's public address under a base URL (no trailing slash), e.g. "https://ama.example.org". */
export function archivePageUrl(publicBaseUrl: string, guildId: string, sessionId: number): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${archivePath(guildId, sessionId)}`;
}
