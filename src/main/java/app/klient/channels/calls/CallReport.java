package app.klient.channels.calls;

import java.time.OffsetDateTime;

/**
 * A call as the phone system reports it when it ends: its own call id (the same id again is the same call), the
 * caller's and the callee's numbers, INBOUND or OUTBOUND, the agent (the Klient user's e-mail), when it started, how
 * long it lasted, how it ended (ANSWERED, MISSED, BUSY, VOICEMAIL, FAILED) and where its recording is (HTTPS).
 */
public record CallReport(String callId, String from, String to, String direction, String agent,
        OffsetDateTime startedAt, Long durationSeconds, String outcome, String recordingUrl) {
}
