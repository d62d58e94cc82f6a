import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { commentsApi, evidenceApi, isRouteMissing, type CommentTarget, type EvidenceOwner } from '@/lib/api/collaboration';

/** A route that is not there answers the same every time: do not ask again. */
const retryUnlessMissing = (failures: number, error: unknown) => !isRouteMissing(error) && failures < 2;

export const collaborationKeys = {
  comments: (target: CommentTarget) => ['comments', target.kind, target.id] as const,
  evidence: (owner: EvidenceOwner) => (owner.kind === 'report' ? (['evidence', 'report', owner.taskId, owner.reportId] as const) : (['evidence', 'minutes', owner.reviewId] as const)),
};

export function useComments(target: CommentTarget) {
  return useQuery({
    queryKey: collaborationKeys.comments(target),
    queryFn: ({ signal }) => commentsApi.list(target, { signal }),
    retry: retryUnlessMissing,
  });
}

export function useAddComment(target: CommentTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: string; idempotencyKey: string }) => commentsApi.add(target, body, idempotencyKey),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: collaborationKeys.comments(target) }),
  });
}

export function useEditComment(target: CommentTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, etag, body }: { id: number; etag: string; body: string }) => commentsApi.edit(target, { id, etag }, body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: collaborationKeys.comments(target) }),
  });
}

export function useEvidence(owner: EvidenceOwner) {
  return useQuery({
    queryKey: collaborationKeys.evidence(owner),
    queryFn: ({ signal }) => evidenceApi.list(owner, signal),
    retry: retryUnlessMissing,
  });
}

export function useUploadEvidence(owner: EvidenceOwner) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => evidenceApi.upload(owner, file),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: collaborationKeys.evidence(owner) }),
  });
}
