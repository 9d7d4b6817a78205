-- The split payment mechanism (mechanizm podzielonej płatności, art. 108a of the Polish VAT act): an invoice whose
-- gross exceeds 15,000 PLN and that sells goods or services of Annex 15 to a business must say so (FA(3) P_18A).
-- The catalog marks the products of Annex 15; the invoice keeps, from the moment it is issued, whether the mechanism
-- applies (the issued row is frozen, V042), so its PDF and its XML say the same for ever.
alter table products add column split_payment_goods boolean not null default false;
alter table invoices add column split_payment boolean not null default false;
