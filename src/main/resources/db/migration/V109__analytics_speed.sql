-- What the campaign figures read by a campaign's UTM name: the orders and invoices that carry it (the attribution
-- report of each campaign, read by campaign ROI, cost per lead and cost per customer). Without these, each campaign
-- of a period read every order and invoice by date (2.3 million order rows for one year's campaign ROI on the
-- generated database).
create index orders_utm_campaign_idx on orders (utm_campaign, ordered_at) where utm_campaign is not null;
create index invoices_utm_campaign_idx on invoices (utm_campaign, issue_date) where utm_campaign is not null;

-- The pipeline at the end of each period reads every deal's moves in order (the last move before the period's end is
-- the one whose next move is not before it), from this index alone.
create index deal_stage_history_moves_idx on deal_stage_history (deal_id, moved_at, id) include (status, to_stage_id);
