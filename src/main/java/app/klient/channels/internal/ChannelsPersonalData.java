package app.klient.channels.internal;

import java.util.List;

import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.ErasureReport;
import app.klient.platform.privacy.PersonalData;
import app.klient.platform.privacy.PersonalDataExport;
import app.klient.platform.privacy.Redaction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The person's live chats (with what they wrote and sent), calls and messenger conversations. Erasure drops what the
 * person wrote, the files they sent, their numbers, addresses and names; the times, outcomes and agents stay (the
 * service figures count them).
 */
@Component
class ChannelsPersonalData implements PersonalData {

    private final JdbcClient jdbc;
    private final Redaction redaction;

    ChannelsPersonalData(JdbcClient jdbc, Redaction redaction) {
        this.jdbc = jdbc;
        this.redaction = redaction;
    }

    @Override
    public String section() {
        return "channels";
    }

    private List<Long> chats(DataSubject subject) {
        return jdbc.sql("""
                select id from chats where contact_id = any(cast(:contacts as bigint[]))
                    or lead_id = any(cast(:leads as bigint[])) or lower(visitor_email) = any(cast(:emails as text[]))""")
                .param("contacts", subject.contactIds().toArray(Long[]::new))
                .param("leads", subject.leadIds().toArray(Long[]::new))
                .param("emails", subject.emails().toArray(String[]::new)).query(Long.class).list();
    }

    private List<Long> calls(DataSubject subject) {
        return jdbc.sql("""
                select id from calls where contact_id = any(cast(:contacts as bigint[]))
                    or customer_e164 = any(cast(:phones as text[]))""")
                .param("contacts", subject.contactIds().toArray(Long[]::new))
                .param("phones", subject.phones().toArray(String[]::new)).query(Long.class).list();
    }

    private List<Long> conversations(DataSubject subject) {
        return jdbc.sql("""
                select id from conversations where contact_id = any(cast(:contacts as bigint[]))
                    or address = any(cast(:phones as text[])) or address = any(cast(:emails as text[]))""")
                .param("contacts", subject.contactIds().toArray(Long[]::new))
                .param("phones", subject.phones().toArray(String[]::new))
                .param("emails", subject.emails().toArray(String[]::new)).query(Long.class).list();
    }

    @Override
    public void export(DataSubject subject, PersonalDataExport export) {
        List<Long> chats = chats(subject);
        if (!chats.isEmpty()) {
            export.rows(section(), "chats", jdbc.sql("""
                    select id, visitor_name, visitor_email, language, page_url, page_title, status, started_at,
                           ended_at, rating, rating_comment from chats where id in (:ids) order by id""")
                    .param("ids", chats).query().listOfRows());
            export.rows(section(), "chat_messages", jdbc.sql("""
                    select id, chat_id, author, body, file_name, created_at from chat_messages
                     where chat_id in (:ids) and author in ('VISITOR', 'AGENT', 'BOT') order by id""")
                    .param("ids", chats).query().listOfRows());
            jdbc.sql("""
                    select id, chat_id, file_name, file_data from chat_messages
                     where chat_id in (:ids) and author = 'VISITOR' and file_data is not null order by id""")
                    .param("ids", chats).query((rs, i) -> {
                        export.file(section(), "chat-" + rs.getLong(2) + "-" + rs.getLong(1) + "-" + rs.getString(3),
                                rs.getBytes(4));
                        return 0;
                    }).list();
        }
        List<Long> calls = calls(subject);
        if (!calls.isEmpty()) {
            export.rows(section(), "calls", jdbc.sql("""
                    select id, direction, customer_number, started_at, duration_seconds, outcome, recording_url
                      from calls where id in (:ids) order by id""").param("ids", calls).query().listOfRows());
        }
        List<Long> conversations = conversations(subject);
        if (!conversations.isEmpty()) {
            export.rows(section(), "conversations", jdbc.sql("""
                    select id, channel, address, sender_name, created_at, last_message_at from conversations
                     where id in (:ids) order by id""").param("ids", conversations).query().listOfRows());
            export.rows(section(), "channel_messages", jdbc.sql("""
                    select id, conversation_id, direction, body, attachments::text as attachments, sent_at
                      from channel_messages where conversation_id in (:ids) order by id""")
                    .param("ids", conversations).query().listOfRows());
        }
    }

    @Override
    public void erase(DataSubject subject, ErasureReport report) {
        List<Long> chats = chats(subject);
        if (!chats.isEmpty()) {
            report.changed("chat_messages", jdbc.sql("""
                    update chat_messages set body = :erased, file_name = null, file_type = null, file_data = null
                     where chat_id in (:ids) and author = 'VISITOR'""")
                    .param("ids", chats).param("erased", DataSubject.ERASED).update());
            report.changed("chats", jdbc.sql("""
                    update chats set visitor_name = null, visitor_email = null, page_url = null, page_title = null,
                           address = null, rating_comment = null, version = version + 1
                     where id in (:ids)""").param("ids", chats).update());
        }
        List<Long> calls = calls(subject);
        if (!calls.isEmpty()) {
            report.changed("calls", jdbc.sql("""
                    update calls set customer_number = :erased, customer_e164 = null, recording_url = null
                     where id in (:ids)""").param("ids", calls).param("erased", DataSubject.ERASED).update());
        }
        List<Long> conversations = conversations(subject);
        if (!conversations.isEmpty()) {
            report.changed("channel_messages", jdbc.sql("""
                    update channel_messages set body = :erased, attachments = '[]'
                     where conversation_id in (:ids) and direction = 'INBOUND'""")
                    .param("ids", conversations).param("erased", DataSubject.ERASED).update());
            // the sender's address identifies them: each erased conversation keeps a unique placeholder
            report.changed("conversations", jdbc.sql("""
                    update conversations set address = :erased || ' ' || id, sender_name = '', version = version + 1
                     where id in (:ids)""").param("ids", conversations).param("erased", DataSubject.ERASED)
                    .update());
        }
        for (String table : List.of("chat_messages", "channel_messages")) {
            report.changed(table, redaction.scrub(subject, table, "body"));
        }
    }
}
