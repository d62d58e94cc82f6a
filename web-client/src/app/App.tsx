import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { createQueryClient } from '@/lib/api/queryClient';
import { restoreSession, useSession } from '@/lib/auth/session';
import { routes } from './routes';

const router = createBrowserRouter(routes);

/** What one person was shown must not be shown to the next one who signs in in this tab. */
function ForgetDataOfPreviousUser({ queryClient }: { queryClient: QueryClient }) {
  const { me, signedIn } = useSession();
  const [shownTo, setShownTo] = useState<string | null>(null);
  const current = signedIn ? (me?.username ?? shownTo) : null;
  useEffect(() => {
    if (current !== shownTo) {
      queryClient.clear();
      setShownTo(current);
    }
  }, [current, shownTo, queryClient]);
  return null;
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  useEffect(() => {
    void restoreSession();
  }, []);
  return (
    <QueryClientProvider client={queryClient}>
      <ForgetDataOfPreviousUser queryClient={queryClient} />
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
