package app.klient.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Many messages over one kept SMTP connection, for a campaign's send job: no outbox row per message, no new
 * connection per message. The caller records each message as sent after the whole message has reached the server
 * but before the line that tells the server to take it, and as accepted when {@link Connection#send} returns (the
 * server's answer). Dying before the record, the server drops the unfinished message and nothing was recorded; dying
 * between record and answer leaves a record without acceptance, which the caller sends again under the same
 * Message-ID: SMTP gives a client that lost the answer no way to ask whether the message was taken (RFC 1047), so a
 * rare repeat a receiver can recognise is the price of never skipping one.
 */
@Component
public class BulkMail {

    private static final String UTF_8 = StandardCharsets.UTF_8.name();
    /** How long a kept connection may sit unused before it is asked whether it is still open. */
    private static final long IDLE_CHECK = 5_000_000_000L;

    static {
        // Jakarta Mail looks its stream provider up with a ServiceLoader for every body part it makes (a scan of the
        // class path each time): name the implementation, and it is one class lookup
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    /** Who a message is from (null address: the sender of the mail settings). */
    public record Sender(String address, String name) {
    }

    /** The server refused this one message (its address, its content); the connection goes on. */
    public static class Refused extends RuntimeException {

        private final boolean recorded;

        Refused(String reason, boolean recorded, Throwable cause) {
            super(reason, cause);
            this.recorded = recorded;
        }

        /** Whether the record of the message as sent had already been committed when the server said no. */
        public boolean recorded() {
            return recorded;
        }
    }

    /** No server is set up, or the connection failed: nothing more goes now; try again later. */
    public static class Unavailable extends RuntimeException {

        Unavailable(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    private final MailSettings settings;
    private final Mailboxes mailboxes;

    BulkMail(MailSettings settings, Mailboxes mailboxes) {
        this.settings = settings;
        this.mailboxes = mailboxes;
    }

    /**
     * A connection to the server of the mail settings; close it when done. Its messages' envelope sender (SMTP MAIL
     * FROM, the Return-Path bounces go to) is the Bounces mailbox's address when an active one has an address, else
     * the sender.
     */
    public Connection open(Sender sender) {
        JavaMailSenderImpl configured = settings.sender();
        if (configured == null) {
            throw new Unavailable("no SMTP server is set up", null);
        }
        String from = sender.address() != null && !sender.address().isBlank() ? sender.address() : settings.from();
        String name = sender.name() != null && !sender.name().isBlank() ? sender.name() : settings.fromName();
        try {
            return new Connection(configured, new InternetAddress(from, name, StandardCharsets.UTF_8.name()),
                    mailboxes.bouncesAddress().orElse(null));
        }
        catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One kept connection; not for several threads at once. */
    public static final class Connection implements AutoCloseable {

        private final JavaMailSenderImpl configured;
        private final Session session;
        private final InternetAddress from;
        private Transport transport;
        private long lastUsed;

        private final String envelopeFrom;

        private Connection(JavaMailSenderImpl configured, InternetAddress from, String envelopeFrom) {
            this.configured = configured;
            this.from = from;
            this.envelopeFrom = envelopeFrom;
            Properties props = new Properties();
            props.putAll(configured.getJavaMailProperties());
            if (envelopeFrom != null) {
                // bounces go to the Bounces mailbox, not to the person in From
                props.put("mail.smtp.from", envelopeFrom);
            }
            // after an aborted message the QUIT travels as text of the unfinished message: do not wait for an answer
            props.put("mail.smtp.quitwait", "false");
            // the message's last bytes and the final line go at once: without this, Nagle's algorithm and the
            // server's delayed acknowledgement hold every message about 40 ms (25 messages a second at best)
            props.put("mail.smtp.socketFactory", new NoDelaySockets());
            props.put("mail.smtp.socketFactory.fallback", "false");
            props.put("mail.smtp.ssl.socketFactory", new NoDelaySslSockets());
            this.session = Session.getInstance(props);
        }

        public String from() {
            return from.getAddress();
        }

        /** The envelope sender (MAIL FROM) of the messages: the Bounces mailbox's address, else {@link #from()}. */
        public String envelopeFrom() {
            return envelopeFrom != null ? envelopeFrom : from.getAddress();
        }

        /**
         * Sends one message; {@code record} runs when the server has the whole message and only waits for the final
         * line (record the message as sent there, committed: throwing from it keeps the message from being taken).
         * Throws {@link Refused} when the server refuses the message, {@link Unavailable} when the connection fails,
         * or what {@code record} threw (the connection is dropped then, so the unfinished message is thrown away).
         */
        public void send(OutgoingMail mail, Runnable record) {
            Hooked message;
            try {
                message = message(mail, record);
            }
            catch (MessagingException e) {
                throw new Refused(String.valueOf(e.getMessage()), false, e);
            }
            Transport t = transport();
            try {
                t.sendMessage(message, message.getAllRecipients());
            }
            catch (SendFailedException e) {
                // the server answered "no" to the recipient or to the message; the connection is fine
                throw new Refused(String.valueOf(e.getMessage()), message.recorded, e);
            }
            catch (MessagingException e) {
                drop();
                throw new Unavailable(String.valueOf(e.getMessage()), e);
            }
            catch (RuntimeException e) {
                drop();
                throw e;
            }
        }

        /**
         * The message, made with Jakarta Mail itself: Spring's MimeMessageHelper builds a new file type map (reading
         * mime.types from the class path) for every message, which cost more than the rest of a message together.
         * A message with HTML is multipart/alternative: the text part, then the HTML part.
         */
        private Hooked message(OutgoingMail mail, Runnable record) throws MessagingException {
            Hooked message = new Hooked(session, mail.messageId(), record);
            message.setFrom(from);
            InternetAddress[] to = new InternetAddress[mail.to().size()];
            for (int i = 0; i < to.length; i++) {
                to[i] = single(mail.to().get(i));
            }
            message.setRecipients(Message.RecipientType.TO, to);
            if (mail.replyTo() != null) {
                message.setReplyTo(new InternetAddress[] { single(mail.replyTo()) });
            }
            message.setSubject(mail.subject(), UTF_8);
            if (mail.html() != null) {
                MimeBodyPart text = new MimeBodyPart();
                text.setText(mail.body(), UTF_8);
                MimeBodyPart html = new MimeBodyPart();
                html.setText(mail.html(), UTF_8, "html");
                message.setContent(new MimeMultipart("alternative", text, html));
            }
            else {
                message.setText(mail.body(), UTF_8);
            }
            if (mail.autoSubmitted() != null) {
                message.setHeader("Auto-Submitted", mail.autoSubmitted());
            }
            for (Map.Entry<String, String> header : mail.headers().entrySet()) {
                message.setHeader(header.getKey(), header.getValue());
            }
            message.saveChanges();
            message.armed = true;
            return message;
        }

        /** One address, as a person wrote it (a name and an address, or an address). */
        private static InternetAddress single(String written) throws MessagingException {
            InternetAddress[] parsed = InternetAddress.parse(written);
            if (parsed.length != 1) {
                throw new AddressException("one address expected", written);
            }
            return parsed[0];
        }

        private Transport transport() {
            // isConnected() asks the server (NOOP): only after a pause, not between the messages of a run
            if (transport != null && (System.nanoTime() - lastUsed < IDLE_CHECK || transport.isConnected())) {
                lastUsed = System.nanoTime();
                return transport;
            }
            Transport fresh;
            try {
                // "smtp" with mail.smtp.ssl.enable speaks SSL from the start, as the mail settings ask
                fresh = session.getTransport("smtp");
                fresh.connect(configured.getHost(), configured.getPort(), configured.getUsername(),
                        configured.getPassword());
            }
            catch (MessagingException e) {
                throw new Unavailable(String.valueOf(e.getMessage()), e);
            }
            transport = fresh;
            lastUsed = System.nanoTime();
            return fresh;
        }

        private void drop() {
            if (transport != null) {
                try {
                    transport.close();
                }
                catch (MessagingException | RuntimeException ignored) {
                    // the connection is gone either way
                }
                transport = null;
            }
        }

        @Override
        public void close() {
            drop();
        }
    }


    /**
     * A message that runs the caller's record once the transport has written all of it to the server: the transport
     * writes the final line right after that ({@code writeTo} with the headers to leave out is how it sends).
     */
    private static final class Hooked extends MimeMessage {

        private final String messageId;
        private final Runnable record;
        boolean armed;
        boolean recorded;

        Hooked(Session session, String messageId, Runnable record) {
            super(session);
            this.messageId = messageId;
            this.record = record;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }

        @Override
        public void writeTo(OutputStream os, String[] ignoreList) throws IOException, MessagingException {
            super.writeTo(os, ignoreList);
            if (armed && ignoreList != null && !recorded) {
                armed = false;
                record.run();
                recorded = true;
            }
        }
    }

    /** Sockets with TCP_NODELAY: each message leaves when it is complete, not when the last one was acknowledged. */
    private static final class NoDelaySockets extends javax.net.SocketFactory {

        private final javax.net.SocketFactory sockets = javax.net.SocketFactory.getDefault();

        @Override
        public java.net.Socket createSocket() throws IOException {
            return quick(sockets.createSocket());
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws IOException {
            return quick(sockets.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress local, int localPort)
                throws IOException {
            return quick(sockets.createSocket(host, port, local, localPort));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws IOException {
            return quick(sockets.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress local,
                int localPort) throws IOException {
            return quick(sockets.createSocket(address, port, local, localPort));
        }
    }

    /** The same for SSL and STARTTLS connections. */
    private static final class NoDelaySslSockets extends javax.net.ssl.SSLSocketFactory {

        private final javax.net.ssl.SSLSocketFactory sockets = (javax.net.ssl.SSLSocketFactory) javax.net.ssl
                .SSLSocketFactory.getDefault();

        @Override
        public java.net.Socket createSocket() throws IOException {
            return quick(sockets.createSocket());
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws IOException {
            return quick(sockets.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress local, int localPort)
                throws IOException {
            return quick(sockets.createSocket(host, port, local, localPort));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws IOException {
            return quick(sockets.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress local,
                int localPort) throws IOException {
            return quick(sockets.createSocket(address, port, local, localPort));
        }

        @Override
        public java.net.Socket createSocket(java.net.Socket socket, String host, int port, boolean autoClose)
                throws IOException {
            return quick(sockets.createSocket(socket, host, port, autoClose));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return sockets.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return sockets.getSupportedCipherSuites();
        }
    }

    private static java.net.Socket quick(java.net.Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }
}
