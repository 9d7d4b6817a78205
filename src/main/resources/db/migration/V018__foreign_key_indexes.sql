-- An index behind every reference to a record that can be deleted. Without one, deleting a contact had PostgreSQL
-- read the whole of leads, orders, invoices, quotes and tasks to check nothing still pointed at it (measured: 83,100
-- contacts were still being deleted after ten minutes on the million-contact database), and a ticket's or a lead's
-- activities were found by reading all of them. Partial: most of these columns are empty in most rows, and an
-- equality on the column (what the checks and the pages ask) implies it is not null.
create index leads_contact_idx on leads (contact_id) where contact_id is not null;
create index leads_deal_idx on leads (deal_id) where deal_id is not null;
create index quotes_contact_idx on quotes (contact_id) where contact_id is not null;
create index quotes_deal_idx on quotes (deal_id) where deal_id is not null;
create index orders_contact_idx on orders (contact_id) where contact_id is not null;
create index orders_deal_idx on orders (deal_id) where deal_id is not null;
create index orders_quote_idx on orders (quote_id) where quote_id is not null;
create index invoices_contact_idx on invoices (contact_id) where contact_id is not null;
create index invoices_order_idx on invoices (order_id) where order_id is not null;
create index generated_documents_contact_idx on generated_documents (contact_id) where contact_id is not null;
create index activity_participants_contact_idx on activity_participants (contact_id) where contact_id is not null;
create index tasks_contact_idx on tasks (contact_id) where contact_id is not null;
create index tasks_deal_idx on tasks (deal_id) where deal_id is not null;
create index tasks_lead_idx on tasks (lead_id) where lead_id is not null;
create index tasks_ticket_idx on tasks (ticket_id) where ticket_id is not null;
create index emails_company_idx on emails (company_id) where company_id is not null;
create index emails_activity_idx on emails (activity_id) where activity_id is not null;
create index activities_lead_idx on activities (lead_id) where lead_id is not null;
create index activities_ticket_idx on activities (ticket_id) where ticket_id is not null;
create index ticket_attachments_ticket_idx on ticket_attachments (ticket_id);
create index tickets_invoice_idx on tickets (invoice_id) where invoice_id is not null;
create index tickets_order_idx on tickets (order_id) where order_id is not null;
