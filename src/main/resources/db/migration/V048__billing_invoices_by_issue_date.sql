-- The accountant's export reads a period's invoices by issue date (all of them, not one company's).
create index invoices_issue_date_idx on invoices (issue_date);
