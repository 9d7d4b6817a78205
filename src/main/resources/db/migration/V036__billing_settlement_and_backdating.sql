-- Settlement follows payments and corrections together (balance = gross + corrections - payments): invoices a
-- correction settled after a partial payment were left unpaid; mark them paid on the day of their last payment or
-- correction.
update invoices i set paid_at = (
        select max(day) from (
            select paid_on as day from payments where invoice_id = i.id
            union all
            select issue_date from invoices c where c.corrects_id = i.id) days)
where i.kind = 'INVOICE' and i.paid_at is null and i.paid_total > 0
  and i.gross_total + (select coalesce(sum(c.gross_total), 0) from invoices c where c.corrects_id = i.id)
      - i.paid_total <= 0;

-- Unsettled invoices by due date (overdue lists), by the settlement rule itself.
create index invoices_unsettled_due_idx on invoices (due_date) where kind = 'INVOICE' and paid_at is null;

-- The administrator may open earlier issue dates (before the last invoice of a series) until this day.
alter table seller_profile add column backdating_until date;
