-- What invoices print: the register number of seller and buyer (REGON, IČO) apart from the tax number (NIP, DIČ),
-- the seller's country (for the labels and the Czech variable symbol), the legal basis of a VAT exemption (the
-- seller's default and the one an invoice was issued with) and the date and number of the exchange-rate table.
alter table seller_profile add column registration_number varchar(32);
alter table seller_profile add column exemption_basis varchar(300);

alter table invoices add column seller_registration_number varchar(32);
alter table invoices add column seller_country varchar(2);
alter table invoices add column buyer_registration_number varchar(32);
alter table invoices add column exemption_basis varchar(300);
alter table invoices add column exchange_rate_date date;
alter table invoices add column exchange_rate_table varchar(40);
