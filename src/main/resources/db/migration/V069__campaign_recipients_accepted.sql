-- When the mail server answered that it took the message. A row is written as SENT before the final line of the
-- message (so a crash after it never leaves a sent message unrecorded) and gets this time after the server's answer;
-- a SENT row without it after a crash is a message that may not have gone, and the send job sends it again under the
-- same Message-ID. The column has no index and pages keep room, so the stamp is a heap-only update beside the row
-- (no index entries written), once per message while a campaign sends.
alter table campaign_recipients add column accepted_at timestamp with time zone;
update campaign_recipients set accepted_at = at where state = 'SENT';
alter table campaign_recipients set (fillfactor = 85);
