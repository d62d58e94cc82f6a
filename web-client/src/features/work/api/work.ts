import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { unwrap } from '@/lib/api/problem';
import type { ResponseBody } from '@/lib/api/types';

export type MyWork = ResponseBody<'/api/v1/me/work'>;
export type MyWorkTask = MyWork['tasks'][number];
export type AwaitingEvaluation = MyWork['awaitingEvaluation'][number];

export const workKeys = {
  all: ['my-work'] as const,
  mine: (lang: string) => [...workKeys.all, lang] as const,
};

/** The signed-in person's work, titles in the interface's language. */
export function useMyWork(lang: 'vi' | 'en') {
  return useQuery({
    queryKey: workKeys.mine(lang),
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/me/work', { params: { query: { lang } }, signal })),
    // What is due moves with every report and every day: fresh whenever someone comes back to it.
    staleTime: 0,
    refetchOnMount: 'always',
  });
}
