-- What a product costs the company (in the product's currency): the gross margin of an invoice line is its net
-- amount less cost price × quantity. Empty until someone enters it; a line of a product without one is left out of
-- the margin (and said so) rather than counted at no cost.
alter table products add column cost_price numeric(18, 2) check (cost_price >= 0);

-- How the customer KPIs count, one row kept by the administrator: a customer is lost after lost_after_days without
-- a purchase; service time costs service_hour_cost (company currency) an hour; a customer stays lifespan_years;
-- customer equity discounts each year's value at discount_percent a year.
create table analytics_settings (
    id                smallint primary key default 1 check (id = 1),
    lost_after_days   integer                  not null default 365 check (lost_after_days between 30 and 1825),
    service_hour_cost numeric(14, 2)           not null default 0 check (service_hour_cost >= 0),
    lifespan_years    integer                  not null default 3 check (lifespan_years between 1 and 30),
    discount_percent  numeric(5, 2)            not null default 10 check (discount_percent between 0 and 100),
    updated_at        timestamp with time zone not null default now(),
    version           integer                  not null default 0
);
insert into analytics_settings (id) values (1);

-- Each customer's purchases in day order (the customer KPIs read a customer's invoices around a day); by contact
-- and by issue day there are indexes already.
create index invoices_company_purchases_idx on invoices (company_id, issue_date) where kind = 'INVOICE';
