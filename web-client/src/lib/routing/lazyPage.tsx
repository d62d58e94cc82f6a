import type { ComponentType, ReactNode } from 'react';
import type { RouteObject } from 'react-router-dom';

/**
 * A screen in a chunk of its own, which the router loads before it shows the screen. With React.lazy under a Suspense
 * boundary the fallback showed first, and React then held the loaded screen back for up to 300 ms before revealing it
 * (measured: the dashboard's first request left 300 ms after its chunk had arrived). The router's `lazy` renders the
 * screen as soon as its chunk is there, so its data requests start that much earlier. `wrap` puts a guard around it.
 */
export function lazyPage(
  load: () => Promise<ComponentType>,
  wrap: (page: ReactNode) => ReactNode = (page) => page,
): Pick<RouteObject, 'lazy'> {
  return {
    lazy: async () => {
      const Page = await load();
      return { element: wrap(<Page />) };
    },
  };
}
