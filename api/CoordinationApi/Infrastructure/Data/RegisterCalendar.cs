namespace CoordinationApi.Infrastructure.Data;

/// <summary>
/// The register's calendar is Vietnam's (UTC+7, no daylight saving): a task is overdue from the day after its
/// due date in Hà Nội, whatever the server's time zone.
/// </summary>
public static class RegisterCalendar
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);
}
