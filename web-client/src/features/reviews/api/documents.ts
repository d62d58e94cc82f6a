import { useMutation } from '@tanstack/react-query';
import { filenameFromContentDisposition, saveBlob } from '@/lib/api/download';
import { unwrap } from '@/lib/api/problem';
import { api } from '@/lib/api/client';
import { type DocumentKind, type DocumentLanguage, type SummaryDocumentQuery } from './contract';

export { documentKinds, documentLanguages, type DocumentKind, type DocumentLanguage } from './contract';

export interface DownloadedDocument {
  filename: string;
  bytes: number;
  type: string;
}

function received(result: { data?: Blob; error?: unknown; response: Response }, fallback: string): { blob: Blob; document: DownloadedDocument } {
  const blob = unwrap(result);
  const filename = filenameFromContentDisposition(result.response.headers.get('Content-Disposition'), fallback);
  return { blob, document: { filename, bytes: blob.size, type: result.response.headers.get('Content-Type') ?? blob.type } };
}

/** A review's report, adopted plan or minutes as an official .docx, in Vietnamese or English. */
export async function fetchReviewDocument(reviewId: number, kind: DocumentKind, lang: DocumentLanguage) {
  const result = await api.GET('/api/v1/reviews/{id}/documents/{kind}', {
    params: { path: { id: reviewId, kind }, query: { lang } },
    parseAs: 'blob',
  });
  return received(result, `review-${reviewId}-${kind}-${lang}.docx`);
}

/** The five-year preliminary summary of a regulation as an official .docx. */
export async function fetchSummaryDocument(query: SummaryDocumentQuery) {
  const result = await api.GET('/api/v1/reviews/summary/document', { params: { query }, parseAs: 'blob' });
  return received(result, `summary-${query.regulationId}-${query.lang ?? 'vi'}.docx`);
}

/**
 * Fetches a document with the person's token (a plain link could not send it) and saves it under the name the
 * API chose.
 */
export function useDownloadReviewDocument(reviewId: number) {
  return useMutation({
    mutationFn: async ({ kind, lang }: { kind: DocumentKind; lang: DocumentLanguage }): Promise<DownloadedDocument> => {
      const { blob, document } = await fetchReviewDocument(reviewId, kind, lang);
      saveBlob(blob, document.filename);
      return document;
    },
  });
}

export function useDownloadSummaryDocument() {
  return useMutation({
    mutationFn: async (query: SummaryDocumentQuery): Promise<DownloadedDocument> => {
      const { blob, document } = await fetchSummaryDocument(query);
      saveBlob(blob, document.filename);
      return document;
    },
  });
}
