import type { components } from '@/lib/api/schema';

// The minutes and documents of a review, typed from the generated OpenAPI schema.

/** One person at the review meeting. */
export type MinutesAttendee = components['schemas']['MinutesAttendee'];

/** The minutes of a review's meeting (`updatedAt` null: none recorded yet). */
export type ReviewMinutes = components['schemas']['ReviewMinutes'];

/** What PUT takes: the same members without `reviewId` and `updatedAt`. */
export type ReviewMinutesInput = Omit<ReviewMinutes, 'reviewId' | 'updatedAt'>;

export const documentKinds = ['report', 'plan', 'minutes'] as const;
export type DocumentKind = (typeof documentKinds)[number];
export const documentLanguages = ['vi', 'en'] as const;
export type DocumentLanguage = (typeof documentLanguages)[number];

export const docxMediaType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface SummaryDocumentQuery {
  regulationId: number;
  fromYear?: number;
  toYear?: number;
  lang?: DocumentLanguage;
}
