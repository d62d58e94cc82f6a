import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/problem';
import { type ReviewMinutes, type ReviewMinutesInput } from './contract';
import { api } from '@/lib/api/client';
import { reviewKeys } from './reviews';

export type { MinutesAttendee, ReviewMinutes, ReviewMinutesInput } from './contract';

/** The minutes together with the ETag to send back in If-Match. */
export interface TaggedMinutes {
  value: ReviewMinutes;
  etag: string | null;
}

export const minutesKeys = {
  detail: (reviewId: number) => [...reviewKeys.all, 'minutes', reviewId] as const,
};

function tagged(result: { data?: ReviewMinutes; error?: unknown; response: Response }): TaggedMinutes {
  return { value: unwrap(result), etag: result.response.headers.get('ETag') };
}

export async function fetchMinutes(reviewId: number, signal?: AbortSignal): Promise<TaggedMinutes> {
  return tagged(await api.GET('/api/v1/reviews/{id}/minutes', { params: { path: { id: reviewId } }, signal }));
}

/**
 * Records the minutes with the ETag read in If-Match, as every PUT (428 without it, 412 when someone saved
 * meanwhile); minutes never recorded were read with the ETag "0", which the first recording sends back.
 */
export async function saveMinutes(reviewId: number, body: ReviewMinutesInput, etag: string): Promise<TaggedMinutes> {
  return tagged(
    await api.PUT('/api/v1/reviews/{id}/minutes', {
      params: { path: { id: reviewId }, header: { 'If-Match': etag } },
      body,
    }),
  );
}

export function useMinutes(reviewId: number) {
  return useQuery({ queryKey: minutesKeys.detail(reviewId), queryFn: ({ signal }) => fetchMinutes(reviewId, signal) });
}

export function useSaveMinutes(reviewId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, etag }: { body: ReviewMinutesInput; etag: string }) => saveMinutes(reviewId, body, etag),
    // The answer is the saved minutes and their new ETag: the next edit starts from them.
    onSuccess: (saved) => queryClient.setQueryData(minutesKeys.detail(reviewId), saved),
  });
}
