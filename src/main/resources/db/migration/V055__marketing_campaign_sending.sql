-- Campaign sending: which node has the send job of a campaign and until when (another node takes it over when the
-- lease runs out, after a crash), what the editor and the lists need, and the timeline entries written in batches.

alter table campaigns add column claimed_by varchar(100), add column claimed_until timestamp with time zone,
    add column sent_count integer not null default 0, add column skipped_count integer not null default 0;

-- the campaign list, newest first
create index campaigns_list_idx on campaigns (created_at desc, id desc);
-- the send job looks for campaigns it may take
create index campaigns_sending_idx on campaigns (id) where state = 'SENDING';

-- a recipient whose "campaign sent" timeline entry is still to be written (they are written in batches)
alter table campaign_recipients add column on_timeline boolean not null default false;
create index campaign_recipients_timeline_idx on campaign_recipients (campaign_id, contact_id)
    where state = 'SENT' and not on_timeline;
-- the recipients of a campaign by state, for the campaign page
create index campaign_recipients_state_idx on campaign_recipients (campaign_id, state, contact_id);
