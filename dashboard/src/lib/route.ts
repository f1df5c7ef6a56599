/** Hash routes: the server serves one page, so every screen has a URL that survives a reload. */
export type Route = { name: 'caseload' } | { name: 'couple'; coupleId: string } | { name: 'practice' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const couple = /^\/couples\/([^/]+)$/.exec(path);
  if (couple?.[1]) return { name: 'couple', coupleId: decodeURIComponent(couple[1]) };
  if (path === '/practice') return { name: 'practice' };
  return { name: 'caseload' };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'couple':
      return `#/couples/${encodeURIComponent(route.coupleId)}`;
    case 'practice':
      return '#/practice';
    default:
      return '#/';
  }
}
