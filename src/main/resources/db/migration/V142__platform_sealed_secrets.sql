-- Stored credentials are kept sealed (AES-256-GCM under Klient's secret key, outside the database; issue 23): a sealed
-- value ("v1:<key id>:<base64>") is longer than the plaintext it holds, so the columns take any length. The values
-- themselves are sealed by Klient at its next start, right after the migrations (the key is not the database's to
-- know). The keys that sign links become text too (their base64, then sealed).
alter table mail_settings alter column smtp_password type text;
alter table mailboxes alter column password type text;
alter table webhook_subscriptions alter column secret type text;
alter table webhook_subscriptions alter column previous_secret type text;
alter table ksef_settings alter column token type text;

alter table signing_keys drop constraint if exists signing_keys_signing_key_check;
alter table signing_keys alter column signing_key type text using replace(encode(signing_key, 'base64'), E'\n', '');
