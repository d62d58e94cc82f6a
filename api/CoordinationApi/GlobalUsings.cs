// The audit trail's write side (AuditEvent, AuditActor, IClassifiedRecord, ...) is used by every feature that writes or
// returns a record, as the write scope is.
global using CoordinationApi.Infrastructure.Audit;
