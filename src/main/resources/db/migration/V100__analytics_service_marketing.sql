-- What the service and marketing KPIs look up by the moment that puts a record in a period: tickets by their first
-- answer (first response time), by their creation (backlog: open at a period's end), campaigns by their start.
create index tickets_first_responded_idx on tickets (first_responded_at) where first_responded_at is not null;
create index tickets_created_idx on tickets (created_at) include (resolved_at, closed_at);
create index campaigns_started_idx on campaigns (started_at) where started_at is not null;
