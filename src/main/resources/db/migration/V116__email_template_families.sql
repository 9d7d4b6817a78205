-- The language versions of one message: a rule's e-mail is sent in the recipient's language by picking the version of
-- the chosen template's family in that language. A template without a family is a family of its own name.
alter table email_templates add column family varchar(100);
update email_templates set family = 'Follow-up after a meeting'
where name in ('Follow-up after a meeting', 'Podziękowanie po spotkaniu', 'Poděkování po schůzce');
