-- Timeline entries and notifications keep what happened (a message key and typed values, as jsonb) instead of
-- words in the language of whoever caused it; the card puts them into the reader's words when it is read.
-- Text columns stay for what people wrote (notes, subjects, names) and for entries older than this.
alter table timeline_entries add column title_code jsonb;
alter table timeline_entries add column body_code jsonb;

alter table notifications add column title_code jsonb;
alter table notifications alter column title drop not null;

-- Older entries whose text Klient wrote in a shape it can read back are turned into codes; everything else
-- (stage names, reasons, subjects) stays as text and is shown as it was written.

-- "1216.00 PLN": amounts of deals won, quotes, orders, invoices and payments
update timeline_entries
set body_code = jsonb_build_object(
        'key', case kind
                   when 'DEAL_WON' then 'timeline.deal.won'
                   when 'QUOTE_CREATED' then 'timeline.quote.total'
                   when 'QUOTE_REVISED' then 'timeline.quote.total'
                   when 'ORDER_PLACED' then 'timeline.order.total'
                   when 'INVOICE_ISSUED' then 'timeline.invoice.total'
                   else 'timeline.payment.amount' end,
        'args', jsonb_build_array(jsonb_build_object('type', 'money', 'value', split_part(body, ' ', 1),
                                                     'currency', split_part(body, ' ', 2)))),
    body = null
where kind in ('DEAL_WON', 'QUOTE_CREATED', 'QUOTE_REVISED', 'ORDER_PLACED', 'INVOICE_ISSUED', 'PAYMENT_RECEIVED')
  and body ~ '^-?[0-9]+(\.[0-9]+)? [A-Z]{3}$';

-- "WEB_FORM · newsletter · spring": where a converted lead came from
update timeline_entries
set title_code = case
        when position(' · ' in title) = 0 then jsonb_build_object('key', 'timeline.lead.from',
            'args', jsonb_build_array(jsonb_build_object('type', 'code', 'value', 'lead.source.' || title,
                                                         'fallback', title)))
        else jsonb_build_object('key', 'timeline.lead.fromCampaign',
            'args', jsonb_build_array(
                jsonb_build_object('type', 'code', 'value', 'lead.source.' || split_part(title, ' · ', 1),
                                   'fallback', split_part(title, ' · ', 1)),
                jsonb_build_object('type', 'text', 'value', substr(title, position(' · ' in title) + 3))))
        end,
    title = null
where kind = 'LEAD_CONVERTED' and title ~ '^(MANUAL|API|IMPORT|WEB_FORM)( · .*)?$';

-- "CSAT 4/5, CES 3/7": a satisfaction survey's answers
update timeline_entries
set body_code = case
        when body ~ ', CES ' then jsonb_build_object('key', 'timeline.survey.scoresWithEffort',
            'args', jsonb_build_array(
                jsonb_build_object('type', 'number', 'value', substring(body from '^CSAT ([0-9]+)/5')),
                jsonb_build_object('type', 'number', 'value', substring(body from 'CES ([0-9]+)/7$'))))
        else jsonb_build_object('key', 'timeline.survey.scores',
            'args', jsonb_build_array(
                jsonb_build_object('type', 'number', 'value', substring(body from '^CSAT ([0-9]+)/5'))))
        end,
    body = null
where kind = 'SURVEY_ANSWERED' and body ~ '^CSAT [0-9]+/5(, CES [0-9]+/7)?$';
