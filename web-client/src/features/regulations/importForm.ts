import i18n from 'i18next';
import { z } from 'zod';
import { message, optionalText } from '@/lib/forms/schema';
import { importMediaTypes, type ImportRequest, type TextProvision } from './api/text';

// The import form's schema. Its bounds are the import operation's: the body at most 1,000,000 bytes, the `note`
// query parameter at most 1,000 characters (importForm.test.ts reads both from api/openapi/v1.json).

export const maxImportBytes = 1_000_000;
export const maxImportNote = 1_000;

/** The media type the import takes for a chosen file, by its name (browsers rarely know .docx or AKN types), or null. */
export function importMediaTypeOf(file: { name: string; type?: string }): ImportRequest['mediaType'] | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.docx') || file.type === importMediaTypes.docx) return importMediaTypes.docx;
  if (name.endsWith('.xml') || name.endsWith('.akn') || file.type === importMediaTypes.akn) return importMediaTypes.akn;
  return null;
}

const chosenFile = z
  .custom<File | null>((value) => value === null || value instanceof Blob)
  .refine((file) => file !== null, message('required'))
  .refine((file) => !file || importMediaTypeOf(file) !== null, { error: () => i18n.t('regulations:import.wrongType') })
  .refine((file) => !file || file.size <= maxImportBytes, { error: () => i18n.t('regulations:import.tooLarge', { max: maxImportBytes.toLocaleString() }) });

export const importFormSchema = z.object({
  document: chosenFile,
  note: optionalText(maxImportNote),
  summary: z.boolean(),
});
export type ImportFormValues = z.input<typeof importFormSchema>;
export const importFormFields = ['document', 'note', 'summary'] as const;

export function toImportRequest(values: ImportFormValues): ImportRequest {
  const file = values.document!;
  return { file, mediaType: importMediaTypeOf(file)!, note: values.note.trim() || null, summary: values.summary };
}

export type ProvisionCounts = Record<TextProvision['kind'], number>;

/** How many chapters, articles, clauses and points a tree holds. */
export function countProvisions(provisions: readonly TextProvision[]): ProvisionCounts {
  const counts: ProvisionCounts = { chapter: 0, article: 0, clause: 0, point: 0 };
  const walk = (nodes: readonly TextProvision[]) => {
    for (const node of nodes) {
      counts[node.kind] += 1;
      walk(node.children);
    }
  };
  walk(provisions);
  return counts;
}
