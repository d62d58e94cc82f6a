import { z } from 'zod';
import openapi from '../../../api/openapi/v1.json';

// Compares a form's zod schema with a request schema of the committed OpenAPI document, so that a bound
// changed in a C# validator (and so in the document) and not in the SPA fails a test instead of a request.

interface JsonSchema {
  type?: string | string[];
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  format?: string;
  required?: string[];
  'x-accepted-and-ignored'?: boolean;
}

const schemas = (openapi as unknown as { components: { schemas: Record<string, JsonSchema> } }).components.schemas;

function resolve(schema: JsonSchema): JsonSchema {
  return schema.$ref ? resolve(schemas[schema.$ref.replace('#/components/schemas/', '')]!) : schema;
}

/** The branches a value may take (a union is checked branch by branch; an empty-string branch takes no bound). */
function branches(schema: JsonSchema): JsonSchema[] {
  return schema.anyOf ? schema.anyOf.flatMap(branches).filter((b) => !(b.enum?.length === 1 && b.enum[0] === '') && (b as { const?: unknown }).const !== '') : [schema];
}

function compare(path: string, api: JsonSchema, form: JsonSchema, required: boolean, found: string[]): void {
  api = resolve(api);
  for (const branch of branches(form)) {
    if (branch.enum) {
      // A closed list: each code must fit the API's bound.
      for (const value of branch.enum) {
        if (typeof value === 'string' && api.maxLength !== undefined && value.length > api.maxLength) found.push(`${path}: '${value}' longer than ${api.maxLength}`);
      }
      continue;
    }
    for (const bound of ['maxLength', 'minLength', 'pattern', 'minimum', 'maximum', 'maxItems'] as const) {
      // A required text may not be empty in the form (the API's NotEmpty, which the document does not show);
      // a date input's value is checked as a date, which the API reads as `format: date` (its maxLength is a date's length).
      if (bound === 'minLength' && required && branch.minLength === 1 && api.minLength === undefined) continue;
      if ((bound === 'pattern' || bound === 'maxLength') && api.format === 'date' && branch.format === 'date') continue;
      if (api[bound] !== branch[bound]) found.push(`${path}: ${bound} is ${String(branch[bound])} in the form, ${String(api[bound])} in the API`);
    }
    if (api.items && branch.items) compare(`${path}[]`, api.items, branch.items, false, found);
    if (api.properties && branch.properties) compareObjects(path, api, branch, [], found);
  }
}

function compareObjects(path: string, api: JsonSchema, form: JsonSchema, notInForm: readonly string[], found: string[]): void {
  for (const [name, property] of Object.entries(api.properties ?? {})) {
    // A GET body's read-only member, accepted and ignored so that the body PUTs back: nothing a form writes.
    if (notInForm.includes(name) || property['x-accepted-and-ignored']) continue;
    const formProperty = form.properties?.[name];
    if (!formProperty) found.push(`${path}.${name}: not in the form`);
    else compare(`${path}.${name}`, property, formProperty, api.required?.includes(name) ?? false, found);
  }
}

/**
 * The differences between the bounds of a form schema and those of an OpenAPI request schema: every property of
 * the request (but `notInForm`) must be in the form, with the same maxLength, minLength, pattern, minimum,
 * maximum and maxItems, down into items and nested objects; a closed list of codes must fit the API's maxLength.
 */
export function boundDifferences(form: z.ZodType, request: string, notInForm: readonly string[] = []): string[] {
  const api = schemas[request];
  if (!api) return [`${request}: not in the OpenAPI document`];
  const found: string[] = [];
  compareObjects(request, api, z.toJSONSchema(form, { io: 'input', unrepresentable: 'any' }) as JsonSchema, notInForm, found);
  return found;
}
