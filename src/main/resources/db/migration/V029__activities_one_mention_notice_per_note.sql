-- A colleague named in a note hears of it once, however often the note is edited or names them again.
create unique index notifications_mention_uq on notifications (user_id, source_id) where kind = 'MENTION';
