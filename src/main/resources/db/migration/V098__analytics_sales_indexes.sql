-- The sales KPIs read deals by the moment they were won, lost or created, activities and finished tasks by when
-- they happened, invoices by their issue date: each period's rows are found by an index rather than a scan.
create index deals_closed_at_idx on deals (closed_at) where status in ('WON', 'LOST');
create index deals_created_at_idx on deals (created_at);
create index activities_occurred_idx on activities (occurred_at) where type in ('CALL', 'MEETING', 'EMAIL');
create index tasks_done_at_idx on tasks (done_at) where done;
create index invoices_issue_day_idx on invoices (issue_date);
