-- Billing: the coupon code a quote, order or invoice was made with (its discount is a line of the document), and
-- when an order was delivered (a review request waits some days after it).
alter table quotes add column coupon_code varchar(20);
alter table orders add column coupon_code varchar(20);
alter table invoices add column coupon_code varchar(20);
alter table orders add column fulfilled_at timestamp with time zone;
create index orders_fulfilled_idx on orders (fulfilled_at, id) where fulfilled_at is not null;
-- purchases per contact, in time: first purchases, anniversaries, buyers of a product
create index orders_contact_ordered_idx on orders (contact_id, ordered_at) where contact_id is not null;
create index invoices_contact_issued_idx on invoices (contact_id, issue_date) where contact_id is not null;
create index order_lines_product_idx on order_lines (product_id);
create index orders_ordered_idx on orders (ordered_at) where contact_id is not null;
