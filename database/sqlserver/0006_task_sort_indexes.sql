-- The task list's filters with its default order (due date, id): each filter's index carries the sort key, so a
-- selective filter (a plan year, a lead unit) reads its own range in order instead of walking every task by due date.
DROP INDEX ix_tasks_plan_year ON dbo.tasks;
CREATE INDEX ix_tasks_plan_year ON dbo.tasks (regulation_id, plan_year, due_date, id);
DROP INDEX ix_tasks_lead ON dbo.tasks;
CREATE INDEX ix_tasks_lead ON dbo.tasks (lead_unit_id, due_date, id);
DROP INDEX ix_tasks_lead_agency ON dbo.tasks;
CREATE INDEX ix_tasks_lead_agency ON dbo.tasks (lead_agency_id, due_date, id);
GO
