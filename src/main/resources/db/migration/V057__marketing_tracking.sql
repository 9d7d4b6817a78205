-- Tracking: website visits grouped into visits, the tracking settings, and the purpose a contact agrees to before
-- Klient records the pages they see on the company's website.

-- Page views within 30 minutes of the one before belong to one visit, named by its first view; the timeline shows
-- a visit once, not every page of it.
alter table web_visits add column visit_id bigint;
create index web_visits_visit_idx on web_visits (visit_id) where visit_id is not null;

-- The website tracking settings (one row): which hosts are the company's website, so that a tracked click leading
-- there carries the visitor's mark (and links elsewhere are left exactly as the marketer wrote them).
create table tracking_settings (
    id            smallint primary key default 1 check (id = 1),
    website_hosts varchar(1000)            not null default '',
    updated_at    timestamp with time zone not null default now(),
    version       integer                  not null default 0
);
insert into tracking_settings (id) values (1);

-- Website visits are recorded only for contacts who agreed to it: a purpose of its own.
insert into consent_purposes (key, label_en, label_pl, label_cs, wording_en, wording_pl, wording_cs) values
('website-visits', 'Website visits', 'Odwiedziny strony', 'Návštěvy webu',
 'I agree that the company records which pages of its website I visit after arriving from its messages or forms. I can withdraw this consent at any time.',
 'Zgadzam się, aby firma zapisywała, które strony jej witryny odwiedzam po przejściu z jej wiadomości lub formularzy. Mogę w każdej chwili wycofać tę zgodę.',
 'Souhlasím, aby firma zaznamenávala, které stránky jejího webu navštívím po příchodu z jejích zpráv nebo formulářů. Tento souhlas mohu kdykoli odvolat.')
on conflict (key) do nothing;
