import { describe, expect, it } from 'vitest';

// The SPA's layers import one way only: lib → features → app (STYLE lesson 11).
const sources = import.meta.glob<string>(['/src/**/*.{ts,tsx}', '!/src/**/*.d.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

const importPattern = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(?\s*['"]([^'"]+)['"]/g;

function resolve(file: string, specifier: string): string | null {
  if (specifier.startsWith('@/')) return `/src/${specifier.slice(2)}`;
  if (!specifier.startsWith('.')) return null;
  const parts = file.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  return parts.join('/');
}

function layer(path: string): { name: string; feature?: string } {
  const [, , top, feature] = path.split('/');
  return top === 'features' ? { name: 'features', feature } : { name: top ?? '' };
}

function violations(): string[] {
  const found: string[] = [];
  for (const [file, source] of Object.entries(sources)) {
    const from = layer(file);
    for (const match of source.matchAll(importPattern)) {
      const target = resolve(file, match[1] ?? match[2] ?? '');
      if (!target) continue;
      const to = layer(target);
      const isTest = /\.test\.tsx?$/.test(file);
      if (to.name === 'testing' && !isTest && from.name !== 'testing') {
        found.push(`${file} imports test support ${target}`);
        continue;
      }
      const allowed =
        from.name === 'app' ||
        from.name === 'testing' ||
        from.name === 'main.tsx' ||
        (from.name === 'features' && (to.name !== 'features' || to.feature === from.feature) && to.name !== 'app') ||
        ((from.name === 'lib' || from.name === 'config') && ['lib', 'config', 'testing'].includes(to.name));
      if (!allowed) found.push(`${file} imports ${target}`);
    }
  }
  return found;
}

describe('import direction', () => {
  it('has sources to check', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(10);
  });

  it('keeps lib and config free of features and app, and features free of each other and of app', () => {
    expect(violations()).toEqual([]);
  });
});

describe('shared reference data', () => {
  it('is fetched in lib/reference only: no feature asks for agencies or unit trees itself', () => {
    // The list and the trees are read there once; the registry feature only reads one agency (for its ETag) and writes.
    const fetching = Object.entries(sources)
      .filter(([file]) => !file.startsWith('/src/lib/reference/') && !/\.test\.tsx?$/.test(file))
      .filter(([, source]) => /GET\(\s*['"`]\/api\/v1\/agencies(\/\{code\}\/units)?['"`]/.test(source))
      .map(([file]) => file);
    expect(fetching).toEqual([]);
  });
});
