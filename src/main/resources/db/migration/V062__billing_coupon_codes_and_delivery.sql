-- Billing: the coupon code a quote, order or invoice was made with (its discount is a line of the document), and
-- when an order was delivered (a review request waits some days after it).
alter table quotes add column coupon_code varchar(20);
alter table orders add column coupon_code varchar(20);
alter table invoices add column coupon_code varchar(20);
alter table orders add column fulfilled_at timestamp with time zone;
create index orders_fulfilled_idx on orders (fulfilled_at, id) where fulfilled_at is not null;
-- purchases in time: first purchases and anniversaries of the days in question (per contact, and buyers of a
-- product, are served by orders_contact_ordered_idx and invoices_contact_issue_idx of V059 and
-- order_lines_product_idx of V053)
create index orders_ordered_idx on orders (ordered_at) where contact_id is not null;
