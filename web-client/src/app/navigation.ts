import type { ParseKeys } from 'i18next';

/** The sections of the app, in menu order; later features (tasks, reviews, exports) add theirs here. */
export const navigation: readonly { to: string; label: ParseKeys }[] = [{ to: '/regulations', label: 'nav.regulations' }];
