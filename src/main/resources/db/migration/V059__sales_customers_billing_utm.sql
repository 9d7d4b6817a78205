-- Where a customer came from travels with what follows: the UTM source, medium, campaign and term (the paid keyword)
-- a lead arrived with go to the contact and the deal it becomes, and from there to the quote, the order and the
-- invoice. A record keeps the UTM it was given first; later steps copy it only when they have none of their own.

alter table contacts
    add column utm_source   varchar(100),
    add column utm_medium   varchar(100),
    add column utm_campaign varchar(100),
    add column utm_term     varchar(100);
alter table deals
    add column utm_source   varchar(100),
    add column utm_medium   varchar(100),
    add column utm_campaign varchar(100),
    add column utm_term     varchar(100);
alter table quotes
    add column utm_source   varchar(100),
    add column utm_medium   varchar(100),
    add column utm_campaign varchar(100),
    add column utm_term     varchar(100);
alter table orders
    add column utm_source   varchar(100),
    add column utm_medium   varchar(100),
    add column utm_campaign varchar(100),
    add column utm_term     varchar(100);
alter table invoices
    add column utm_source   varchar(100),
    add column utm_medium   varchar(100),
    add column utm_campaign varchar(100),
    add column utm_term     varchar(100);

-- The keyword and campaign reports read by these.
create index leads_utm_term_idx on leads (lower(utm_term), created_at) where utm_term is not null;
create index leads_utm_campaign_idx on leads (utm_campaign, created_at) where utm_campaign is not null;
create index leads_contact_created_idx on leads (contact_id, created_at) where contact_id is not null;
create index invoices_utm_term_idx on invoices (lower(utm_term), issue_date) where utm_term is not null;
create index invoices_contact_issue_idx on invoices (contact_id, issue_date) where contact_id is not null;
create index orders_contact_ordered_idx on orders (contact_id, ordered_at) where contact_id is not null;

-- sales: a converted lead hands its UTM to its contact and its deal (when they have none yet).
create function leads_utm_travels() returns trigger language plpgsql as $$
begin
    if coalesce(new.utm_source, new.utm_medium, new.utm_campaign, new.utm_term) is null then
        return new;
    end if;
    if new.contact_id is not null and new.contact_id is distinct from old.contact_id then
        update contacts set utm_source = new.utm_source, utm_medium = new.utm_medium,
                            utm_campaign = new.utm_campaign, utm_term = new.utm_term
        where id = new.contact_id and coalesce(utm_source, utm_medium, utm_campaign, utm_term) is null;
    end if;
    if new.deal_id is not null and new.deal_id is distinct from old.deal_id then
        update deals set utm_source = new.utm_source, utm_medium = new.utm_medium,
                         utm_campaign = new.utm_campaign, utm_term = new.utm_term
        where id = new.deal_id and coalesce(utm_source, utm_medium, utm_campaign, utm_term) is null;
    end if;
    return new;
end $$;
create trigger leads_utm_travels after update of contact_id, deal_id on leads
    for each row execute function leads_utm_travels();

-- sales: a deal made for a contact who came with a UTM takes it (the first contact added to the deal).
create function deal_contacts_utm_travels() returns trigger language plpgsql as $$
begin
    update deals d set utm_source = c.utm_source, utm_medium = c.utm_medium, utm_campaign = c.utm_campaign,
                       utm_term = c.utm_term
    from contacts c
    where d.id = new.deal_id and c.id = new.contact_id
      and coalesce(c.utm_source, c.utm_medium, c.utm_campaign, c.utm_term) is not null
      and coalesce(d.utm_source, d.utm_medium, d.utm_campaign, d.utm_term) is null;
    return new;
end $$;
create trigger deal_contacts_utm_travels after insert on deal_contacts
    for each row execute function deal_contacts_utm_travels();

-- billing: a quote takes its deal's UTM (or its contact's).
create function quotes_utm_travels() returns trigger language plpgsql as $$
begin
    if coalesce(new.utm_source, new.utm_medium, new.utm_campaign, new.utm_term) is null and new.deal_id is not null then
        select utm_source, utm_medium, utm_campaign, utm_term
        into new.utm_source, new.utm_medium, new.utm_campaign, new.utm_term from deals where id = new.deal_id;
    end if;
    if coalesce(new.utm_source, new.utm_medium, new.utm_campaign, new.utm_term) is null and new.contact_id is not null then
        select utm_source, utm_medium, utm_campaign, utm_term
        into new.utm_source, new.utm_medium, new.utm_campaign, new.utm_term from contacts where id = new.contact_id;
    end if;
    return new;
end $$;
create trigger quotes_utm_travels before insert on quotes for each row execute function quotes_utm_travels();

-- billing: an order takes its quote's UTM, else its deal's, else its contact's.
create function orders_utm_travels() returns trigger language plpgsql as $$
begin
    if coalesce(new.utm_source, new.utm_medium, new.utm_campaign, new.utm_term) is null and new.quote_id is not null then
        select utm_source, utm_medium, utm_campaign, utm_term
        into new.utm_source, new.utm_medium, new.utm_campaign, new.utm_term from quotes where id = new.quote_id;
    end if;
    if coalesce(new.utm_source, new.utm_medium, new.utm_campaign, new.utm_term) is null and new.deal_id is not null then
        select utm_source, utm_medium, utm_campaign, utm_term
        into new.utm_source, new.utm_medium, new.utm_campaign, new.utm_term from deals where id = new.deal_id;
    end if;
    if coalesce(new.utm_source, new.utm_medium, new.utm_campaign, new.utm_term) is null and new.contact_id is not null then
        select utm_source, utm_medium, utm_campaign, utm_term
        into new.utm_source, new.utm_medium, new.utm_campaign, new.utm_term from contacts where id = new.contact_id;
    end if;
    return new;
end $$;
create trigger orders_utm_travels before insert on orders for each row execute function orders_utm_travels();

-- billing: an invoice takes its order's UTM, a correction its invoice's, else the contact's. Set on insert only: an
-- issued invoice is never changed.
create function invoices_utm_travels() returns trigger language plpgsql as $$
begin
    if coalesce(new.utm_source, new.utm_medium, new.utm_campaign, new.utm_term) is null and new.corrects_id is not null then
        select utm_source, utm_medium, utm_campaign, utm_term
        into new.utm_source, new.utm_medium, new.utm_campaign, new.utm_term from invoices where id = new.corrects_id;
    end if;
    if coalesce(new.utm_source, new.utm_medium, new.utm_campaign, new.utm_term) is null and new.order_id is not null then
        select utm_source, utm_medium, utm_campaign, utm_term
        into new.utm_source, new.utm_medium, new.utm_campaign, new.utm_term from orders where id = new.order_id;
    end if;
    if coalesce(new.utm_source, new.utm_medium, new.utm_campaign, new.utm_term) is null and new.contact_id is not null then
        select utm_source, utm_medium, utm_campaign, utm_term
        into new.utm_source, new.utm_medium, new.utm_campaign, new.utm_term from contacts where id = new.contact_id;
    end if;
    return new;
end $$;
create trigger invoices_utm_travels before insert on invoices for each row execute function invoices_utm_travels();
