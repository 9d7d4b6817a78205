package app.klient.loyalty.tier;

import java.time.LocalDate;

import app.klient.mail.Emails;
import app.klient.mail.OutgoingMail;
import app.klient.billing.Seller;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The e-mail a customer gets when their tier changes (up at once, down at a review), in their language, with the
 * link to their own points page. It goes through the outbox, in the transaction that changed the tier: no change is
 * told twice or lost.
 */
@Component
class TierMail {

    private final Emails emails;
    private final MessageSource messages;
    private final MemberLinks links;
    private final Seller seller;

    TierMail(Emails emails, MessageSource messages, MemberLinks links, Seller seller) {
        this.emails = emails;
        this.messages = messages;
        this.links = links;
        this.seller = seller;
    }

    void changed(Members.Member member, Tier from, Tier to, LocalDate today) {
        if (member.email() == null) {
            return;
        }
        var language = member.language();
        String company = seller.get().name();
        String subject;
        String body;
        if (to == null) {
            subject = messages.getMessage("loyalty.tier.mail.noneSubject", new Object[] { company }, language);
            body = messages.getMessage("loyalty.tier.mail.none", new Object[] { member.name(), from.name(language) },
                    language);
        }
        else if (from == null || to.position() > from.position()) {
            subject = messages.getMessage("loyalty.tier.mail.upSubject", new Object[] { to.name(language), company },
                    language);
            body = messages.getMessage("loyalty.tier.mail.up", new Object[] { member.name(), to.name(language) },
                    language);
        }
        else {
            subject = messages.getMessage("loyalty.tier.mail.downSubject", new Object[] { to.name(language), company },
                    language);
            body = messages.getMessage("loyalty.tier.mail.down", new Object[] { member.name(), to.name(language),
                from.name(language) }, language);
        }
        body = body + "\n\n" + messages.getMessage("loyalty.tier.mail.link", null, language) + "\n"
                + links.link(member.accountId(), today) + "\n\n" + company;
        emails.deliver(OutgoingMail.to(member.email(), subject, body).generatedAutomatically());
    }
}
