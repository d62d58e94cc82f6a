import type { CreateTaskRequest, Task, UpdateTaskRequest } from './api/tasks';

export const kinds = ['one_off', 'recurring', 'continuous'] as const;
export const recurrences = ['monthly', 'quarterly', 'semiannual', 'annual'] as const;
export const priorities = ['low', 'normal', 'high', 'urgent'] as const;

export interface ContactRow {
  name: string;
  unitCode: string;
  phone: string;
  email: string;
}

/** The task form's state: what the inputs hold, as strings, before it becomes a request. */
export interface TaskFormValues {
  regulationId: string;
  titleVi: string;
  titleEn: string;
  descriptionVi: string;
  descriptionEn: string;
  citations: { aknId: string; versionId?: number }[];
  leadUnitCode: string;
  counterpartUnitCodes: string[];
  contacts: ContactRow[];
  classification: string;
  kind: string;
  recurrence: string;
  planYear: string;
  startDate: string;
  dueDate: string;
  priority: string;
}

export function emptyTaskForm(defaults: { regulationId?: number | null; leadUnitCode?: string | null; year: number }): TaskFormValues {
  return {
    regulationId: defaults.regulationId ? String(defaults.regulationId) : '',
    titleVi: '',
    titleEn: '',
    descriptionVi: '',
    descriptionEn: '',
    citations: [{ aknId: '' }],
    leadUnitCode: defaults.leadUnitCode ?? '',
    counterpartUnitCodes: [],
    contacts: [],
    classification: 'unclassified',
    kind: 'one_off',
    recurrence: '',
    planYear: String(defaults.year),
    startDate: `${defaults.year}-01-01`,
    dueDate: `${defaults.year}-12-31`,
    priority: 'normal',
  };
}

export function taskToForm(task: Task): TaskFormValues {
  return {
    regulationId: String(task.regulationId),
    titleVi: task.titleVi,
    titleEn: task.titleEn,
    descriptionVi: task.descriptionVi,
    descriptionEn: task.descriptionEn,
    citations: task.citations.map((c) => ({ aknId: c.aknId, versionId: c.versionId })),
    leadUnitCode: task.leadUnit.code,
    counterpartUnitCodes: task.counterpartUnits.map((u) => u.code),
    contacts: task.contacts.map((c) => ({ name: c.name, unitCode: c.unitCode ?? '', phone: c.phone ?? '', email: c.email ?? '' })),
    classification: task.classification,
    kind: task.kind,
    recurrence: task.recurrence ?? '',
    planYear: String(task.planYear),
    startDate: task.startDate,
    dueDate: task.dueDate,
    priority: task.priority,
  };
}

const blank = (value: string) => (value.trim() ? value.trim() : undefined);

/** The request body: empty optional inputs left out, numbers as numbers. */
export function formToUpdateRequest(form: TaskFormValues): UpdateTaskRequest {
  const descriptionVi = blank(form.descriptionVi);
  const descriptionEn = blank(form.descriptionEn);
  return {
    titleVi: form.titleVi.trim(),
    titleEn: form.titleEn.trim(),
    ...(descriptionVi ? { descriptionVi } : {}),
    ...(descriptionEn ? { descriptionEn } : {}),
    citations: form.citations.map((c) => ({ aknId: c.aknId, ...(c.versionId ? { versionId: c.versionId } : {}) })),
    leadUnitCode: form.leadUnitCode,
    counterpartUnitCodes: [...form.counterpartUnitCodes],
    // Every row is sent, empty or not, so that the server's `contacts[i]` errors point at the row the person sees.
    contacts: form.contacts.map((c) => ({
        name: c.name.trim(),
        ...(c.unitCode ? { unitCode: c.unitCode } : {}),
        ...(blank(c.phone) ? { phone: c.phone.trim() } : {}),
        ...(blank(c.email) ? { email: c.email.trim() } : {}),
      })),
    classification: form.classification,
    kind: form.kind,
    ...(form.kind === 'recurring' ? { recurrence: form.recurrence } : {}),
    planYear: Number(form.planYear),
    startDate: form.startDate,
    dueDate: form.dueDate,
    priority: form.priority,
  };
}

export function formToCreateRequest(form: TaskFormValues): CreateTaskRequest {
  return { ...formToUpdateRequest(form), regulationId: Number(form.regulationId) };
}

/** The names the server's field errors may use for this form's inputs, given how many rows it has. */
export function taskFormFields(form: TaskFormValues): string[] {
  return [
    'regulationId',
    'titleVi',
    'titleEn',
    'descriptionVi',
    'descriptionEn',
    'citations',
    ...form.citations.flatMap((_, i) => [`citations[${i}].aknId`, `citations[${i}].versionId`]),
    'leadUnitCode',
    'counterpartUnitCodes',
    ...form.counterpartUnitCodes.map((_, i) => `counterpartUnitCodes[${i}]`),
    'contacts',
    ...form.contacts.flatMap((_, i) => ['name', 'unitCode', 'phone', 'email'].map((f) => `contacts[${i}].${f}`)),
    'classification',
    'kind',
    'recurrence',
    'planYear',
    'startDate',
    'dueDate',
    'priority',
  ];
}
