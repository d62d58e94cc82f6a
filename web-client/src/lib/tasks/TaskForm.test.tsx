import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/lib/api/problem';
import { json, mockApi } from '@/testing/mockApi';
import { demoMe, signInAs, signOut } from '@/testing/session';
import { TaskForm, type TaskFormProps } from './TaskForm';
import { emptyTaskForm, type TaskFormValues } from './taskForm';

const unit = (code: string, tier = 'department', children: unknown[] = []) => ({ id: code.length, code, nameVi: `Đơn vị ${code}`, nameEn: code, tier, children });

function renderForm(props: Partial<TaskFormProps> & { initial?: TaskFormValues } = {}) {
  mockApi({
    'GET /api/v1/agencies': () => json([{ code: 'MPS', nameVi: 'Bộ Công an', nameEn: 'MPS' }, { code: 'MIC', nameVi: 'Bộ TT&TT', nameEn: 'MIC' }]),
    'GET /api/v1/agencies/MPS/units': () => json([unit('MPS', 'ministry', [unit('MPS-VP'), unit('MPS-A05')])]),
    'GET /api/v1/agencies/MIC/units': () => json([unit('MIC', 'ministry', [unit('MIC-VP')])]),
  });
  const onSubmit = vi.fn();
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <TaskForm
        mode="edit"
        initial={emptyTaskForm({ regulationId: 1, leadUnitCode: 'MPS-A05', year: 2025 })}
        provisions={[{ aknId: 'chp_1__art_1', label: 'Điều 1' }]}
        error={null}
        submitLabel="Lưu"
        onSubmit={onSubmit}
        {...props}
      />
    </QueryClientProvider>,
  );
  return { onSubmit };
}

const messageOf = (control: HTMLElement) => control.closest('.field')!.querySelector('.field__error')?.textContent;

describe('the task form', () => {
  beforeEach(async () => {
    await signInAs(demoMe({ roles: ['coordinator'], clearance: 'secret' }));
  });
  afterEach(() => signOut());

  it('refuses what the API would refuse, each message from the schema under its field, and sends nothing', async () => {
    const { onSubmit } = renderForm();
    await screen.findByRole('option', { name: /MPS-A05/ });
    fireEvent.change(screen.getByLabelText('Tên nhiệm vụ (tiếng Anh)'), { target: { value: 'x'.repeat(501) } });
    await userEvent.clear(screen.getByLabelText('Hạn hoàn thành'));
    await userEvent.type(screen.getByLabelText('Hạn hoàn thành'), '2024-12-31');
    await userEvent.selectOptions(screen.getByLabelText('Loại nhiệm vụ'), 'recurring');
    await userEvent.click(screen.getByRole('button', { name: 'Thêm đầu mối liên hệ' }));
    await userEvent.click(screen.getByRole('button', { name: 'Lưu' }));

    const titleVi = screen.getByLabelText('Tên nhiệm vụ (tiếng Việt)');
    await waitFor(() => expect(titleVi.getAttribute('aria-invalid')).toBe('true'));
    expect(messageOf(titleVi)).toBe('Không được để trống.');
    expect(messageOf(screen.getByLabelText('Tên nhiệm vụ (tiếng Anh)'))).toBe('Tối đa 500 ký tự.');
    expect(messageOf(screen.getByLabelText('Căn cứ 1'))).toBe('Hãy chọn một giá trị.');
    expect(messageOf(screen.getByLabelText('Hạn hoàn thành'))).toBe('Hạn hoàn thành không được trước ngày bắt đầu.');
    expect(messageOf(screen.getByLabelText('Chu kỳ'))).toBe('Nhiệm vụ định kỳ cần có chu kỳ.');
    expect(messageOf(screen.getByLabelText('Họ tên'))).toBe('Không được để trống.');
    expect(screen.getByRole('alert').textContent).toContain('Thông tin chưa hợp lệ');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('hands over the values once they pass', async () => {
    const { onSubmit } = renderForm();
    await screen.findByRole('option', { name: /MPS-A05/ });
    await userEvent.type(screen.getByLabelText('Tên nhiệm vụ (tiếng Việt)'), 'Tập huấn');
    await userEvent.type(screen.getByLabelText('Tên nhiệm vụ (tiếng Anh)'), 'Training');
    await userEvent.selectOptions(screen.getByLabelText('Căn cứ 1'), 'chp_1__art_1');
    await userEvent.click(screen.getByRole('checkbox', { name: /MIC-VP/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Lưu' }));

    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({
      titleVi: 'Tập huấn',
      titleEn: 'Training',
      citations: [{ aknId: 'chp_1__art_1' }],
      leadUnitCode: 'MPS-A05',
      counterpartUnitCodes: ['MIC-VP'],
      planYear: 2025,
      startDate: '2025-01-01',
      dueDate: '2025-12-31',
    });
  });

  it('shows the server’s field errors (RFC 9457 `errors`) under the fields they name, rows by index', async () => {
    const initial: TaskFormValues = {
      ...emptyTaskForm({ regulationId: 1, leadUnitCode: 'MPS-A05', year: 2025 }),
      titleVi: 'Tập huấn',
      titleEn: 'Training',
      counterpartUnitCodes: ['MIC-VP'],
      contacts: [
        { name: 'Nguyễn Văn A', unitCode: '', phone: '', email: '' },
        { name: 'Trần Thị B', unitCode: '', phone: '', email: 'b@' },
      ],
    };
    const error = new ApiError(400, {
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: {
        TitleEn: ['The English title repeats another task’s.'],
        'contacts[1].email': ["'Email' is not a valid email address."],
        'counterpartUnitCodes[0]': ["'MIC-VP' is not of the lead unit's tier."],
        'citations[0].aknId': ["'chp_9' is not a provision of this regulation."],
        somethingElse: ['A message no field takes.'],
      },
    });
    renderForm({ initial, error });

    const titleEn = await screen.findByLabelText('Tên nhiệm vụ (tiếng Anh)');
    expect(titleEn.getAttribute('aria-invalid')).toBe('true');
    expect(messageOf(titleEn)).toBe('The English title repeats another task’s.');
    const emails = screen.getAllByLabelText('Thư điện tử');
    expect(emails[0]!.getAttribute('aria-invalid')).toBeNull();
    expect(messageOf(emails[1]!)).toBe("'Email' is not a valid email address.");
    expect(messageOf(screen.getByLabelText('Căn cứ 1'))).toBe("'chp_9' is not a provision of this regulation.");
    const counterpart = await screen.findByRole('checkbox', { name: /MIC-VP/ });
    expect(counterpart.getAttribute('aria-invalid')).toBe('true');
    expect(within(counterpart.closest('li')!).getByText("'MIC-VP' is not of the lead unit's tier.")).toBeTruthy();
    expect(screen.getByText(/A message no field takes\./).closest('.field-summary')).toBeTruthy();
  });
});
