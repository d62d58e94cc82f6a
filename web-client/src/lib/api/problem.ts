/**
 * An RFC 9457 problem document as the API answers every error, with the API's extensions
 * (`traceId`, and `errors` per field for invalid input).
 */
export interface ProblemDocument {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  traceId?: string;
  errors?: Record<string, string[]>;
}

/** What a failed API call throws, so that TanStack Query hands the problem document to the UI. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDocument;

  constructor(status: number, problem: ProblemDocument) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

export function isProblemDocument(value: unknown): value is ProblemDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.title === 'string' || typeof v.type === 'string' || typeof v.status === 'number';
}

function toProblem(response: Response, body: unknown): ProblemDocument {
  if (isProblemDocument(body)) return { ...body, status: body.status ?? response.status };
  // A proxy or a crashed host may answer with HTML or plain text; keep what little it says.
  return {
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: typeof body === 'string' && body.length > 0 && body.length <= 500 ? body : undefined,
  };
}

/**
 * Returns the body of a successful openapi-fetch result and throws an {@link ApiError} otherwise.
 * Query functions call it so that failures reach `error` of the query instead of looking like data.
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok) throw new ApiError(result.response.status, toProblem(result.response, result.error));
  return result.data as T;
}
