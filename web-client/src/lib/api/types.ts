import type { paths } from './schema';

type JsonOf<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;

/**
 * The JSON body of an operation's 200 answer, taken from the generated schema by path so that a
 * component written against it stops compiling when the API's contract changes.
 */
export type ResponseBody<
  Path extends keyof paths,
  Method extends keyof paths[Path] = 'get' & keyof paths[Path],
> = paths[Path][Method] extends { responses: { 200: infer Ok } } ? JsonOf<Ok> : never;
