-- The central bank's table a rate comes from, printed on invoices next to its date: NBP "231/A/NBP/2026", ČNB's
-- order number of the day ("227"). Rates entered before were not told their table.
alter table exchange_rates add column table_number varchar(40);
