import { describe, expect, it } from 'vitest';
import openapi from '../../../../api/openapi/v1.json';
import { regulationDetail } from '@/testing/fixtures';
import { importMediaTypes } from './api/text';
import { countProvisions, importFormSchema, importMediaTypeOf, maxImportBytes, maxImportNote } from './importForm';

type Operation = {
  parameters: { name: string; schema: { maxLength?: number } }[];
  requestBody: { content: Record<string, { schema: { maxLength?: number } }> };
};
const operation = (openapi as unknown as { paths: Record<string, { post: Operation }> }).paths['/api/v1/regulations/{regulationId}/versions/import']!.post;

describe('the import form', () => {
  it('has the bounds of the import operation: the body’s size and the note’s length', () => {
    expect(Object.keys(operation.requestBody.content).sort()).toEqual(Object.values(importMediaTypes).sort());
    for (const content of Object.values(operation.requestBody.content)) expect(content.schema.maxLength).toBe(maxImportBytes);
    expect(operation.parameters.find((p) => p.name === 'note')!.schema.maxLength).toBe(maxImportNote);
  });

  it('sends a .docx and an Akoma Ntoso file with their media types, and nothing else', () => {
    expect(importMediaTypeOf({ name: 'Quy che.DOCX' })).toBe(importMediaTypes.docx);
    expect(importMediaTypeOf({ name: 'qc2021.xml' })).toBe(importMediaTypes.akn);
    expect(importMediaTypeOf({ name: 'text', type: importMediaTypes.akn })).toBe(importMediaTypes.akn);
    expect(importMediaTypeOf({ name: 'quy-che.doc' })).toBeNull();
    expect(importMediaTypeOf({ name: 'quy-che.pdf', type: 'application/pdf' })).toBeNull();
  });

  it('refuses no file, another kind of file, a file over the bound and a long note before sending', () => {
    const docx = (size: number, name = 'a.docx') => new File([new Uint8Array(size)], name);
    const errorsOf = (values: object) =>
      importFormSchema.safeParse({ document: docx(10), note: '', summary: false, ...values }).error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(errorsOf({})).toEqual([]);
    expect(errorsOf({ document: null })).toEqual(['document']);
    expect(errorsOf({ document: docx(10, 'a.pdf') })).toEqual(['document']);
    expect(errorsOf({ document: docx(maxImportBytes) })).toEqual([]);
    expect(errorsOf({ document: docx(maxImportBytes + 1) })).toEqual(['document']);
    expect(errorsOf({ note: 'x'.repeat(maxImportNote + 1) })).toEqual(['note']);
  });

  it('counts the chapters, articles, clauses and points of a tree at every depth', () => {
    // The fixture: chapters I–III; Điều 1 (clauses 1 with point a, and 2) in chapter I, Điều 2 (clause 1) in chapter III.
    expect(countProvisions(regulationDetail.chapters)).toEqual({ chapter: 3, article: 2, clause: 3, point: 1 });
    expect(countProvisions([])).toEqual({ chapter: 0, article: 0, clause: 0, point: 0 });
  });
});
