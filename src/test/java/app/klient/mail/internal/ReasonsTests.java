package app.klient.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.springframework.mail.MailSendException;

class ReasonsTests {

    @Test
    void a_reason_is_the_innermost_causes_words_without_class_names() {
        Exception smtp = new MailSendException("Mail server connection failed. Failed messages: "
                + "org.eclipse.angus.mail.util.MailConnectException: Couldn't connect to host, port: localhost, 1",
                new IOException("java.net.ConnectException: Connection refused"));
        assertThat(Reasons.of(smtp)).isEqualTo("Connection refused");
        assertThat(Reasons.of(new IllegalStateException("x", new IOException("Unknown encoding: x-klingon"))))
                .isEqualTo("Unknown encoding: x-klingon");
        assertThat(Reasons.of(new jakarta.mail.FolderClosedException(null))).isEqualTo("FolderClosed");
        assertThat(Reasons.of(new RuntimeException("y".repeat(900)))).hasSize(500);
    }
}
