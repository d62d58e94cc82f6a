/**
 * Fails fast, with the reason, when the API does not serve the built SPA's files as themselves: a
 * fallback that answers /assets/*.js with index.html leaves a blank page and only time-outs to read.
 */
export async function assertSpaServed(baseUrl: string): Promise<void> {
  const index = await fetch(`${baseUrl}/`);
  const html = await index.text();
  if (!index.ok || !html.includes('<div id="root">')) {
    throw new Error(`GET ${baseUrl}/ did not answer the SPA's index.html (HTTP ${index.status}).`);
  }
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  for (const asset of assets) {
    const response = await fetch(`${baseUrl}${asset}`);
    const type = response.headers.get('content-type') ?? '';
    const expected = asset.endsWith('.js') ? 'javascript' : 'text/css';
    if (!response.ok || !type.includes(expected)) {
      throw new Error(
        `GET ${asset} answered HTTP ${response.status} ${type}, not the file itself: the API's SPA fallback ` +
          'answers static files too (UseStaticFiles must run before routing picks the fallback endpoint).',
      );
    }
  }
}
