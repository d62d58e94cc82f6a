import { describe, expect, it } from 'vitest';
import { filenameFromContentDisposition } from './download';

describe('the downloaded file’s name', () => {
  it('is the one the API gives', () => {
    expect(filenameFromContentDisposition('attachment; filename="tasks-20250101T000000Z.csv"', 'x.csv')).toBe('tasks-20250101T000000Z.csv');
    expect(filenameFromContentDisposition('attachment; filename=audit.jsonl', 'x')).toBe('audit.jsonl');
  });

  it('prefers the UTF-8 form', () => {
    expect(filenameFromContentDisposition("attachment; filename=\"nhiem-vu.csv\"; filename*=UTF-8''nhi%E1%BB%87m%20v%E1%BB%A5.csv", 'x')).toBe('nhiệm vụ.csv');
  });

  it('falls back without a usable name, and never names a folder', () => {
    expect(filenameFromContentDisposition(null, 'tasks.csv')).toBe('tasks.csv');
    expect(filenameFromContentDisposition('attachment', 'tasks.csv')).toBe('tasks.csv');
    expect(filenameFromContentDisposition('attachment; filename="../../etc/passwd"', 'x')).toBe('_.._etc_passwd');
  });
});
