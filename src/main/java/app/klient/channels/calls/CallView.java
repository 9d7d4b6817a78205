package app.klient.channels.calls;

import java.time.Instant;

/**
 * A stored call: the customer's number (as reported, and in E.164), the company's line, the agent, how it went, the
 * contact or company it was matched or linked to (none: an unknown number, ready to be linked), and the activity
 * and call-back task it made.
 */
public record CallView(long id, String callId, String direction, String customerNumber, String customerE164,
        String lineNumber, Long agentId, String agentName, Instant startedAt, int durationSeconds, String outcome,
        String recordingUrl, Long contactId, Long companyId, String customerName, Long activityId, Long taskId,
        Instant createdAt) {
}
