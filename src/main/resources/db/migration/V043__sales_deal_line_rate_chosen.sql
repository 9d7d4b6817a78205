-- A free-text deal line carries the VAT rate the salesperson chose, or "exempt"; until now the deal page had no rate
-- field and a line without one was stored at 0 %, which a quote made from the deal then took as a chosen 0 %.
-- No rate (null) now means "not chosen yet": the quote form shows the rate empty and asks for it.
alter table deal_lines alter column tax_rate drop not null;
alter table deal_lines alter column tax_rate drop default;
alter table deal_lines add column tax_exempt boolean not null default false;
-- the 0 % of an earlier free-text line was the default, not a choice (a product's line has the product's rate)
update deal_lines set tax_rate = null where product_id is null and tax_rate = 0;
