-- Segments evaluate their filters over the live data (no nightly rebuild), so the criteria most used in marketing
-- read what they need from an index in contact order: purchases (paid invoices, orders not cancelled) by contact and
-- date with the amount, and campaign engagement (opened, clicked) by contact. A segment's member list is walked by
-- contact id (the primary key); the list of segments by name.

create index invoices_paid_contact_idx on invoices (contact_id, issue_date) include (gross_total)
    where contact_id is not null and kind = 'INVOICE' and paid_total >= gross_total;
create index orders_purchase_contact_idx on orders (contact_id, ordered_at) include (gross_total)
    where contact_id is not null and status <> 'CANCELLED';
create index order_lines_product_idx on order_lines (product_id) where product_id is not null;
create index campaign_recipients_opened_idx on campaign_recipients (contact_id, opened_at) where opened_at is not null;
create index campaign_recipients_clicked_idx on campaign_recipients (contact_id, clicked_at)
    where clicked_at is not null;
create index segments_name_idx on segments (lower(name), id);
