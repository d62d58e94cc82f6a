/** Today's date in Hà Nội (the register's calendar), as yyyy-mm-dd. */
export function todayInHanoi(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
