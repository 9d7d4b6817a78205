-- Live chat on the company's website (channels/chat): a widget per website, agents who set themselves available,
-- chats and their messages. A message is stored before the visitor or agent is told it arrived; the visitor's own
-- id for it makes sending again harmless.

create table chat_widgets (
    id               bigserial primary key,
    widget_key       varchar(40)  not null unique,
    name             varchar(100) not null,
    team_id          bigint references teams (id) on delete set null,
    -- the websites that may embed it: https://www.example.com, https://*.example.com
    allowed_origins  text[]       not null default '{}' check (array_position(allowed_origins, null) is null),
    bot              boolean      not null default true,
    active           boolean      not null default true,
    version          integer      not null default 0,
    created_at       timestamptz  not null default now()
);

-- an agent is offered chats only while available and while a chat console of theirs is open (seen recently)
create table chat_agents (
    user_id     bigint primary key references users (id) on delete cascade,
    available   boolean     not null default false,
    seen_at     timestamptz,
    changed_at  timestamptz not null default now()
);

create table chats (
    id               bigserial primary key,
    widget_id        bigint       not null references chat_widgets (id),
    -- the visitor's secret (its SHA-256): the widget holds the secret and resumes the chat with it
    token_hash       varchar(64)  not null unique,
    status           varchar(10)  not null default 'WAITING'
        check (status in ('BOT', 'WAITING', 'ACTIVE', 'ENDED')),
    visitor_name     varchar(100),
    visitor_email    varchar(254),
    language         varchar(5)   not null default 'en',
    page_url         varchar(2000),
    page_title       varchar(300),
    address          varchar(45),
    team_id          bigint references teams (id) on delete set null,
    offered_to       bigint references users (id) on delete set null,
    offered_at       timestamptz,
    agent_id         bigint references users (id) on delete set null,
    contact_id       bigint references contacts (id) on delete set null,
    company_id       bigint references companies (id) on delete set null,
    lead_id          bigint references leads (id) on delete set null,
    ticket_id        bigint references tickets (id) on delete set null,
    activity_id      bigint references activities (id) on delete set null,
    rating           smallint check (rating between 1 and 5),
    rating_comment   varchar(2000),
    started_at       timestamptz  not null default now(),
    accepted_at      timestamptz,
    ended_at         timestamptz,
    -- when Klient stopped waiting for an agent and turned to e-mail (a ticket)
    unanswered_at    timestamptz,
    version          integer      not null default 0
);

create index chats_open_idx on chats (status, started_at) where status <> 'ENDED';
create index chats_agent_idx on chats (agent_id, started_at desc);
create index chats_contact_idx on chats (contact_id) where contact_id is not null;
create index chats_address_idx on chats (address, started_at);

create table chat_messages (
    id            bigserial primary key,
    chat_id       bigint        not null references chats (id) on delete cascade,
    author        varchar(7)    not null check (author in ('VISITOR', 'AGENT', 'BOT', 'SYSTEM')),
    agent_id      bigint references users (id) on delete set null,
    -- what Klient says (a system line, the bot's hand-over) is a phrase worded for each reader; people's text as typed
    body          text          check (length(body) <= 4000),
    phrase        jsonb,
    client_id     varchar(64),
    file_name     varchar(255),
    file_type     varchar(200),
    file_data     bytea,
    created_at    timestamptz   not null default now(),
    constraint chat_message_says_something check (body is not null or phrase is not null or file_data is not null)
);

create index chat_messages_chat_idx on chat_messages (chat_id, id);
create unique index chat_messages_client_idx on chat_messages (chat_id, client_id) where client_id is not null;
create index chat_messages_visitor_recent_idx on chat_messages (chat_id, created_at) where author = 'VISITOR';

alter table leads drop constraint leads_source_check;
alter table leads add constraint leads_source_check check (source in ('MANUAL', 'API', 'IMPORT', 'WEB_FORM', 'CHAT'));

-- the satisfaction question at a chat's end is a survey like the others (CSAT, 1-5), asked in the widget itself
alter table chats add column survey_token varchar(64);
alter table surveys drop constraint surveys_trigger_check;
alter table surveys add constraint surveys_trigger_check check (trigger in ('TICKET_RESOLVED', 'ORDER_DELIVERED',
    'AFTER_PURCHASE', 'DEAL_WON', 'SEGMENT', 'MANUAL', 'CHAT_ENDED'));
alter table survey_invitations drop constraint survey_invitations_cause_kind_check;
alter table survey_invitations add constraint survey_invitations_cause_kind_check check (cause_kind in ('TICKET',
    'ORDER', 'INVOICE', 'DEAL', 'SEGMENT', 'MANUAL', 'CHAT'));
alter table survey_occasions drop constraint survey_occasions_cause_kind_check;
alter table survey_occasions add constraint survey_occasions_cause_kind_check check (cause_kind in ('TICKET',
    'ORDER', 'INVOICE', 'DEAL', 'SEGMENT', 'MANUAL', 'CHAT'));

insert into surveys (name, kind, trigger, delay_days, quiet_days, valid_days)
values ('Chat satisfaction', 'CSAT', 'CHAT_ENDED', 0, 0, 1);
insert into survey_questions (survey_id, position, kind, text_en, text_pl, text_cs, required)
select s.id, 0, 'CSAT', 'How satisfied are you with our help in the chat?', 'Jak oceniasz naszą pomoc na czacie?',
       'Jak jste spokojeni s naší pomocí v chatu?', true
from surveys s where s.name = 'Chat satisfaction' and s.trigger = 'CHAT_ENDED';
