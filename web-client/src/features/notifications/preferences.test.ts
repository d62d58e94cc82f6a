import { describe, expect, it } from 'vitest';
import type { NotificationPreferences } from '@/lib/api/collaboration';
import { samePreferences, withKind } from './preferences';

const saved: NotificationPreferences = {
  digest: false,
  kinds: [
    { kind: 'task.assigned', inApp: true, email: true },
    { kind: 'task.status_changed', inApp: true, email: false },
  ],
};

describe('notification preferences', () => {
  it('turns one switch of one kind', () => {
    const next = withKind(saved, 'task.status_changed', 'email', true);
    expect(next.kinds).toEqual([
      { kind: 'task.assigned', inApp: true, email: true },
      { kind: 'task.status_changed', inApp: true, email: true },
    ]);
    expect(saved.kinds[1]!.email).toBe(false);
  });

  it('knows when nothing changed, whatever the order', () => {
    expect(samePreferences(saved, { ...saved, kinds: [...saved.kinds].reverse() })).toBe(true);
    expect(samePreferences(saved, { ...saved, digest: true })).toBe(false);
    expect(samePreferences(saved, withKind(saved, 'task.assigned', 'inApp', false))).toBe(false);
  });
});
