-- A built-in journey whose name nobody changed has no name of its own: it is shown under its kind's name in the
-- reader's language (journey.kind.* in the bundles). A name a person wrote stays as written.
alter table journeys alter column name drop not null;

update journeys set name = null
where (kind, name) in (('BIRTHDAY', 'Birthday'), ('PURCHASE_ANNIVERSARY', 'Anniversary of the first purchase'),
                       ('FIRST_PURCHASE_THANKS', 'Thank you for the first purchase'),
                       ('REVIEW_REQUEST', 'Review request after delivery'));

alter table journeys add constraint journeys_notice_named check (kind <> 'PRODUCT_NOTICE' or name is not null);
