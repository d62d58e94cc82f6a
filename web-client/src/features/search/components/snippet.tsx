/** One run of a search snippet: plain text, or a hit the API wrapped in <mark>…</mark>. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the character references the API uses to escape the text's own `<`, `>` and `&`. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return entities[name.toLowerCase()] ?? whole;
  });
}

/**
 * Splits a snippet into text and hits. Only the exact tags `<mark>` and `</mark>` mean anything; every
 * other character, markup-looking or not, stays text, so a snippet can never inject HTML: the parts
 * are rendered as React text, never through innerHTML.
 */
export function parseSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let hit = false;
  for (const token of snippet.split(/(<mark>|<\/mark>)/i)) {
    const lower = token.toLowerCase();
    if (lower === '<mark>') {
      hit = true;
      continue;
    }
    if (lower === '</mark>') {
      hit = false;
      continue;
    }
    if (token === '') continue;
    const text = decodeEntities(token);
    const last = parts.at(-1);
    if (last && last.hit === hit) last.text += text;
    else parts.push({ text, hit });
  }
  return parts;
}

export function Snippet({ snippet, lang }: { snippet: string; lang?: string }) {
  return (
    <p className="search-hit__snippet" lang={lang}>
      {parseSnippet(snippet).map((part, index) => (part.hit ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
    </p>
  );
}
