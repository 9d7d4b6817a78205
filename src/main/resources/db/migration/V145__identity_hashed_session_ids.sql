-- Sessions are now kept under the SHA-256 of the cookie's token (64 hexadecimal characters), never the token itself.
-- Sessions stored before were kept under the very value their cookie carries: they end, and everyone signs in again.
delete from spring_session;
alter table spring_session alter column session_id type varchar(64);
