/** Hands a blob to the browser as a download under the given name. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the blob by the next tick; the URL is then only a leak.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The file name the API gives in Content-Disposition (RFC 6266: `filename*` first), or the fallback. */
export function filenameFromContentDisposition(header: string | null | undefined, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended?.[1]) {
    try {
      return sanitize(decodeURIComponent(extended[1].trim().replace(/^"|"$/g, ''))) || fallback;
    } catch {
      // A malformed percent-encoding: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/.exec(header);
  const name = plain ? (plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : plain[1]!.trim()) : '';
  return sanitize(name) || fallback;
}

/** No folders in a downloaded file's name. */
function sanitize(name: string): string {
  return name.replace(/[/\\]/g, '_').replace(/^\.+/, '').trim();
}
