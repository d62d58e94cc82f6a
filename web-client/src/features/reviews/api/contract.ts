import type { Client } from 'openapi-fetch';
import { api } from '@/lib/api/client';
import type { paths } from '@/lib/api/schema';

// The minutes and documents routes of a review are built on another branch; until its OpenAPI document is merged,
// their operations are written here by hand from the agreed contract, in the shape openapi-typescript generates.
// The lead switches minutes.ts and documents.ts to the generated types (`components['schemas']['ReviewMinutes']`,
// the `paths` of schema.d.ts) on merge and deletes this file; the calls stay the same.

/** One person at the review meeting. */
export interface MinutesAttendee {
  name: string;
  title: string | null;
  agencyCode: string;
  unitCode: string | null;
  personKey: string | null;
}

/** The minutes of a review's meeting (`updatedAt` null: none recorded yet). */
export interface ReviewMinutes {
  reviewId: number;
  heldOn: string | null;
  place: string | null;
  chairedBy: string | null;
  attendees: MinutesAttendee[];
  decisions: string[];
  notes: string | null;
  updatedAt: string | null;
}

/** What PUT takes: the same members without `reviewId` and `updatedAt`. */
export type ReviewMinutesInput = Omit<ReviewMinutes, 'reviewId' | 'updatedAt'>;

export const documentKinds = ['report', 'plan', 'minutes'] as const;
export type DocumentKind = (typeof documentKinds)[number];
export const documentLanguages = ['vi', 'en'] as const;
export type DocumentLanguage = (typeof documentLanguages)[number];

export const docxMediaType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

interface Problem {
  content: { 'application/problem+json': { type?: string; title?: string; status?: number; detail?: string; errors?: Record<string, string[]> } };
}

interface Docx {
  headers: { 'Content-Disposition'?: string; [name: string]: unknown };
  content: { [docxMediaType]: Blob };
}

interface MinutesAnswer {
  headers: { ETag?: string; [name: string]: unknown };
  content: { 'application/json': ReviewMinutes };
}

export interface ReviewDocumentPaths {
  '/api/v1/reviews/{id}/minutes': {
    parameters: { query?: never; header?: never; path: { id: number }; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path: { id: number }; cookie?: never };
      requestBody?: never;
      responses: { 200: MinutesAnswer; 403: Problem; 404: Problem };
    };
    put: {
      parameters: { query?: never; header?: { 'If-Match'?: string }; path: { id: number }; cookie?: never };
      requestBody: { content: { 'application/json': ReviewMinutesInput } };
      responses: { 200: MinutesAnswer; 400: Problem; 403: Problem; 404: Problem; 409: Problem; 412: Problem; 428: Problem };
    };
  };
  '/api/v1/reviews/{id}/documents/{kind}': {
    parameters: { query?: { lang?: DocumentLanguage }; header?: never; path: { id: number; kind: DocumentKind }; cookie?: never };
    get: {
      parameters: { query?: { lang?: DocumentLanguage }; header?: never; path: { id: number; kind: DocumentKind }; cookie?: never };
      requestBody?: never;
      responses: { 200: Docx; 400: Problem; 403: Problem; 404: Problem; 409: Problem };
    };
  };
  '/api/v1/reviews/summary/document': {
    parameters: { query: SummaryDocumentQuery; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query: SummaryDocumentQuery; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: Docx; 400: Problem; 403: Problem; 404: Problem };
    };
  };
}

export interface SummaryDocumentQuery {
  regulationId: number;
  fromYear?: number;
  toYear?: number;
  lang?: DocumentLanguage;
}

/** The one API client (its token, its 401 handling), seen with the review documents' operations added. */
export const reviewDocumentsApi = api as unknown as Client<paths & ReviewDocumentPaths>;
