package app.klient.sales;

import java.util.List;

/**
 * A public web form made a lead. {@code consents} are the boxes the visitor ticked, each with the words shown to
 * them in {@code language}; {@code ipAddress} is where the post came from (proof of the consent's origin).
 */
public record LeadCaptured(long leadId, long webFormId, String email, String language, String ipAddress,
        List<ConsentQuestions.Question> consents) {
}
