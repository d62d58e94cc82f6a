/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '@/config/i18n/en.json';
import vi from '@/config/i18n/vi.json';
import dashboardEn from '@/features/dashboard/i18n/en.json';
import dashboardVi from '@/features/dashboard/i18n/vi.json';
import exportsEn from '@/features/exports/i18n/en.json';
import exportsVi from '@/features/exports/i18n/vi.json';
import notificationsEn from '@/features/notifications/i18n/en.json';
import notificationsVi from '@/features/notifications/i18n/vi.json';
import regulationsEn from '@/features/regulations/i18n/en.json';
import regulationsVi from '@/features/regulations/i18n/vi.json';
import reviewsEn from '@/features/reviews/i18n/en.json';
import reviewsVi from '@/features/reviews/i18n/vi.json';
import tasksEn from '@/features/tasks/i18n/en.json';
import tasksVi from '@/features/tasks/i18n/vi.json';
import workEn from '@/features/work/i18n/en.json';
import workVi from '@/features/work/i18n/vi.json';

type Json = { [key: string]: unknown };

// The committed document the SPA's types are generated from: its enums come from the API's C# vocabularies.
const document = JSON.parse(readFileSync(resolve(process.cwd(), '../api/openapi/v1.json'), 'utf8')) as Json;

/** Every enum of the document (properties of the schemas and query values), by where it is. */
function enums(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const schemas = (document.components as Json).schemas as Record<string, Json>;
  // Each vocabulary is one shared component schema: a property refers to it ($ref), wrapped in allOf where nullable.
  const resolved = (schema: Json | undefined): Json | undefined => {
    const reference = schema?.$ref as string | undefined;
    if (reference) return resolved(schemas[reference.slice(reference.lastIndexOf('/') + 1)]);
    const allOf = schema?.allOf as Json[] | undefined;
    return allOf?.length === 1 ? resolved(allOf[0]) : schema;
  };
  const values = (schema: Json | undefined): string[] | undefined => {
    const target = resolved(schema);
    const list = (target?.enum ?? resolved(target?.items as Json | undefined)?.enum) as (string | null)[] | undefined;
    return list?.filter((v): v is string => v !== null);
  };
  for (const [name, schema] of Object.entries(schemas)) {
    for (const [property, value] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
      // A GET body's read-only member in a request (accepted and ignored): shown, if at all, where the GET's schema has it.
      if (value['x-accepted-and-ignored'] === true) continue;
      const listed = values(value);
      if (listed) found.set(`${name}.${property}`, listed);
    }
  }
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
    for (const [method, operation] of Object.entries(item)) {
      for (const parameter of (operation.parameters ?? []) as Json[]) {
        const listed = values(parameter.schema as Json);
        if (listed) found.set(`${method.toUpperCase()} ${path} ?${String(parameter.name)}`, listed);
      }
    }
  }
  return found;
}

const at = (tree: unknown, key: string): unknown => key.split('.').reduce<unknown>((node, part) => (node as Json | undefined)?.[part], tree);

/** The vocabularies the SPA shows, each with its labels in both languages. */
const labelled: { where: RegExp; key: string; vi: unknown; en: unknown }[] = [
  { where: /^(Task|TaskSummary|CitingTask|SummaryTask|TaskExportItem|MyWorkTask)\.status$|\?status$|\.(fromStatus|toStatus|to)$|^Task\.allowedTransitions$/, key: 'taskStatus', vi, en },
  { where: /^(Task|TaskSummary|TaskExportItem|CreateTaskRequest|UpdateTaskRequest|PlanTaskInput)\.kind$/, key: 'taskKind', vi, en },
  { where: /\.tier$/, key: 'unitTier', vi, en },
  { where: /\.(actorType|actorKind|createdByKind|evaluatedByKind|uploadedByKind)$|^CommentAuthor\.kind$/, key: 'authorKind', vi, en },
  { where: /^User\.language$/, key: 'language', vi, en },
  {
    where: /^(Notification|KindPreference|WebhookDelivery)\.kind$|^(CreateWebhookSubscriptionRequest|UpdateWebhookSubscriptionRequest|WebhookSubscription|WebhookSubscriptionCreated)\.kinds$/,
    key: 'kind',
    vi: notificationsVi,
    en: notificationsEn,
  },
  { where: /^PlanItem\.origin$/, key: 'conclusion.origins', vi: reviewsVi, en: reviewsEn },
  { where: /^TaskHistoryEntry\.kind$/, key: 'history', vi: tasksVi, en: tasksEn },
  { where: /\.recurrence$/, key: 'taskRecurrence', vi, en },
  { where: /\.priority$/, key: 'taskPriority', vi, en },
  { where: /\.(classification|clearance)$|\?classification$/, key: 'clearance', vi, en },
  { where: /\.roles$/, key: 'role', vi, en },
  { where: /^(Unit|UnitRequest)\.tier$/, key: 'unitTier', vi, en },
  { where: /^Regulation(Summary|Detail|Request)\.status$/, key: 'regulations.statuses', vi, en },
  { where: /^(Version|VersionRef)\.status$/, key: 'regulations.versionStatuses', vi, en },
  { where: /^(Provision|ProvisionDetail|CreateProvisionRequest|ArticleExportItem)\.kind$/, key: 'provision.kinds', vi: regulationsVi, en: regulationsEn },
  { where: /^(Review|DashboardReview|ReviewExportItem)\.status$|^Review\.allowedTransitions$|^ReviewTransitionRequest\.to$|reviews.* \?status$/, key: 'statuses', vi: reviewsVi, en: reviewsEn },
  { where: /^(Review|DashboardReview|ReviewExportItem)\.kind$|^EvaluationExportItem\.reviewKind$/, key: 'kinds', vi: reviewsVi, en: reviewsEn },
  { where: /^DashboardReview\.kind$/, key: 'reviewKind', vi: dashboardVi, en: dashboardEn },
  { where: /\.(result|baselineResult)$/, key: 'results', vi: reviewsVi, en: reviewsEn },
  { where: /exports.* \?format$/, key: 'formats', vi: exportsVi, en: exportsEn },
  { where: /exports.* \?sort$/, key: 'sorts', vi: exportsVi, en: exportsEn },
  { where: /\/tasks \?sort$/, key: 'sorts', vi: tasksVi, en: tasksEn },
  { where: /^MyWorkTask\.role$/, key: 'role', vi: workVi, en: workEn },
  { where: /^MyWorkTask\.dueState$/, key: 'dueState', vi: workVi, en: workEn },
];

/** Vocabularies the SPA sends or shows as their code, never as words: nothing to label. */
const shownAsCodes = [
  /\?lang$/,
  /^RegulationText\.lang$/,
  /\.scopes$/,
  // Vocabularies the SPA branches on (which diff mark, which kind of hit, reminder or recipient) but never prints as words.
  /^ArticleChange\.change$/,
  /^DiffOp\.op$/,
  /^Me\.kind$/,
  /^Recipient\.kind$/,
  /^Reminder\.kind$/,
  /^SearchHit\.kind$/,
  /^Token\.tokenType$/,
  // A webhook delivery's state: agency systems read their delivery log through the API; no screen shows it.
  /^WebhookDelivery\.status$/,
  // The import preview's source format (docx, akn) is an API answer no screen shows yet.
  /^ImportPreview\.format$/,
];

describe('the vocabularies of the API document', () => {
  const all = enums();

  it('are found in the document', () => {
    expect(all.size).toBeGreaterThan(50);
  });

  it('each have a label for every value in Vietnamese and English', () => {
    const missing: string[] = [];
    for (const [where, values] of all) {
      if (shownAsCodes.some((pattern) => pattern.test(where))) continue;
      const labels = labelled.filter((l) => l.where.test(where) && values.every((v) => at(l.en, `${l.key}.${v}`) !== undefined));
      const chosen = labels[0] ?? labelled.find((l) => l.where.test(where));
      if (!chosen) {
        missing.push(`${where}: no labels for [${values.join(', ')}]`);
        continue;
      }
      for (const value of values) {
        for (const [language, tree] of [['vi', chosen.vi], ['en', chosen.en]] as const) {
          if (typeof at(tree, `${chosen.key}.${value}`) !== 'string') missing.push(`${where}: '${value}' has no ${language} label at ${chosen.key}.${value}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
