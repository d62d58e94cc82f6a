import { z } from 'zod';
import type { components } from '@/lib/api/schema';
import { choice, dateInput, message, messageText, optionalText, requiredText, wholeNumber } from '@/lib/forms/schema';
import { classifications, taskKinds, taskPriorities, taskRecurrences } from './vocabulary';

type Task = components['schemas']['Task'];
type UpdateTaskRequest = components['schemas']['UpdateTaskRequest'];
type CreateTaskRequest = components['schemas']['CreateTaskRequest'];
type PlanTaskInput = components['schemas']['PlanTaskInput'];

// One schema for every form that describes a task: create, edit, and a new task of a review's next plan. The
// bounds are those of CreateTaskRequest / UpdateTaskRequest / PlanTaskInput (taskForm.test.ts compares them).
export const taskFormSchema = z
  .object({
    /** Only the create form chooses it; the others keep the task's or the review's regulation. */
    regulationId: z.string().min(1, message('choose')),
    titleVi: requiredText(500),
    titleEn: requiredText(500),
    descriptionVi: optionalText(10_000),
    descriptionEn: optionalText(10_000),
    citations: z
      .array(z.object({ aknId: z.string().max(200, message('tooLong', { max: 200 })).min(1, message('choose')), versionId: z.number().int().min(1).max(2_147_483_647).optional() }))
      .min(1, message('citation'))
      .max(20, message('tooMany', { max: 20 })),
    leadUnitCode: z.string().max(32, message('tooLong', { max: 32 })).min(1, message('choose')),
    counterpartUnitCodes: z.array(z.string().max(32)).max(20, message('tooMany', { max: 20 })),
    contacts: z
      .array(
        z.object({
          name: requiredText(200),
          unitCode: optionalText(32),
          phone: optionalText(50),
          email: optionalText(200),
        }),
      )
      .max(10, message('tooMany', { max: 10 })),
    classification: choice(classifications),
    kind: choice(taskKinds),
    recurrence: z.union([z.literal(''), choice(taskRecurrences)]),
    planYear: wholeNumber(2000, 2100),
    startDate: dateInput(),
    dueDate: dateInput(),
    priority: choice(taskPriorities),
  })
  .superRefine((form, context) => {
    if (form.kind === 'recurring' && form.recurrence === '') context.addIssue({ code: 'custom', path: ['recurrence'], message: messageText('recurrence') });
    if (form.startDate && form.dueDate && form.dueDate < form.startDate) context.addIssue({ code: 'custom', path: ['dueDate'], message: messageText('dueBeforeStart') });
  });

/** The task form's state: what the inputs hold, before it becomes a request. */
export type TaskFormValues = z.input<typeof taskFormSchema>;

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
    planYear: defaults.year,
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
    // Typed by the document's enums; a code this client does not know yet is kept as it came, and the schema then asks
    // the person to choose again.
    classification: task.classification,
    kind: task.kind,
    recurrence: task.recurrence ?? '',
    planYear: task.planYear,
    startDate: task.startDate,
    dueDate: task.dueDate,
    priority: task.priority,
  };
}

const blank = (value: string) => (value.trim() ? value.trim() : undefined);

/** The request body: empty optional inputs left out. */
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
    ...(form.kind === 'recurring' && form.recurrence ? { recurrence: form.recurrence } : {}),
    planYear: form.planYear,
    startDate: form.startDate,
    dueDate: form.dueDate,
    priority: form.priority,
  };
}

export function formToCreateRequest(form: TaskFormValues): CreateTaskRequest {
  return { ...formToUpdateRequest(form), regulationId: Number(form.regulationId) };
}

/** A task of a review's next plan: the same fields as an edit (the regulation and plan year are the review's). */
export function formToPlanTask(form: TaskFormValues): PlanTaskInput {
  return formToUpdateRequest(form);
}

/** The names the server's field errors may use for this form's inputs, given how many rows it has. */
export function taskFormFields(form: Pick<TaskFormValues, 'citations' | 'counterpartUnitCodes' | 'contacts'>): string[] {
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
