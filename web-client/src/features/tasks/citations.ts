import type { Provision } from './api/tasks';

export interface CitableProvision {
  aknId: string;
  /** The chapter it belongs to, for grouping. */
  chapter: string;
  article: string;
  clause?: string;
  point?: string;
  heading: string | null;
  depth: number;
}

/** Flattens a text tree into what a task may cite: articles, their clauses and points (chapters only group them). */
export function citableProvisions(chapters: readonly Provision[], language: 'vi' | 'en'): CitableProvision[] {
  const found: CitableProvision[] = [];
  const headingOf = (p: Provision) => (language === 'en' ? p.headingEn || p.headingVi : p.headingVi) ?? null;
  for (const chapter of chapters) {
    const walk = (nodes: readonly Provision[], context: Omit<CitableProvision, 'aknId' | 'heading' | 'depth'> | null, depth: number) => {
      for (const node of nodes) {
        if (node.kind === 'article') {
          const entry = { chapter: chapter.num, article: node.num };
          found.push({ ...entry, aknId: node.aknId, heading: headingOf(node), depth: 0 });
          walk(node.children, entry, 1);
        } else if (node.kind === 'clause' && context) {
          const entry = { ...context, clause: node.num };
          found.push({ ...entry, aknId: node.aknId, heading: headingOf(node), depth });
          walk(node.children, entry, depth + 1);
        } else if (node.kind === 'point' && context) {
          found.push({ ...context, point: node.num, aknId: node.aknId, heading: headingOf(node), depth });
        } else {
          walk(node.children, context, depth);
        }
      }
    };
    walk(chapter.children, null, 0);
  }
  return found;
}

/** Reads an AKN-style id (`chp_1__art_2__para_1__point_a`, `dd` for đ) back into article, clause and point numbers. */
export function describeAknId(aknId: string): { article?: string; clause?: string; point?: string } {
  const parts = Object.fromEntries(
    aknId
      .split('__')
      .map((part) => /^(chp|art|para|point)_(.+)$/.exec(part))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2]]),
  ) as Record<string, string | undefined>;
  const point = parts.point === 'dd' ? 'đ' : parts.point;
  return {
    ...(parts.art ? { article: parts.art } : {}),
    ...(parts.para ? { clause: parts.para } : {}),
    ...(point ? { point } : {}),
  };
}
