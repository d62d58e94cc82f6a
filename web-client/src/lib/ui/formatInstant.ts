/** An instant as the register's people read it: Hà Nội time, dd/mm/yyyy hh:mm (English: 1 Dec 2026, 00:27). */
export function formatInstant(iso: string | null | undefined, language: string | undefined, withSeconds = false): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const en = language?.startsWith('en');
  return new Intl.DateTimeFormat(en ? 'en-GB' : 'vi-VN', {
    day: en ? 'numeric' : '2-digit',
    month: en ? 'short' : '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
    timeZone: 'Asia/Ho_Chi_Minh',
  }).format(date);
}
