-- Messages to many (journeys) are marked in the outbox: their envelope sender is the Bounces mailbox's address when
-- there is one, so that bounces reach it.
alter table outgoing_mail add column bulk boolean not null default false;

-- A product notice may be a service notice (a recall, a safety note): it goes to every buyer with an address,
-- whatever their marketing consent, except to addresses that cannot receive mail (hard bounces). The log keeps, per
-- line, under which rule it was decided, for the proof of who was told.
alter table journeys add column service_notice boolean not null default false;
alter table journeys add constraint journeys_service_notice_only_products
    check (not service_notice or kind = 'PRODUCT_NOTICE');
alter table journey_sends add column service_notice boolean not null default false;
