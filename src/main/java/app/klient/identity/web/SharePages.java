package app.klient.identity.web;

import app.klient.identity.RecordShares;
import app.klient.identity.ShareForm;
import app.klient.platform.KlientException;
import app.klient.platform.web.Flash;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The "Shared with" card of a record page posts here and comes back to the record. */
@Controller
class SharePages {

    private final RecordShares shares;

    SharePages(RecordShares shares) {
        this.shares = shares;
    }

    @PostMapping("/shares")
    String share(@RequestParam(required = false) String kind, @RequestParam(required = false) String recordId,
            @RequestParam(required = false) String whom, @RequestParam(required = false) String canChange,
            @RequestParam(required = false) String back, RedirectAttributes redirect) {
        Long record = number(recordId);
        try {
            if (record == null) {
                throw KlientException.notFound("error.notFound");
            }
            Long user = whom != null && whom.startsWith("user:") ? number(whom.substring(5)) : null;
            Long team = whom != null && whom.startsWith("team:") ? number(whom.substring(5)) : null;
            shares.share(new ShareForm(kind == null ? "" : kind, record, user, team, canChange != null));
            redirect.addFlashAttribute("flash", "share.saved");
        } catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return "redirect:" + local(back);
    }

    @PostMapping("/shares/{id}/delete")
    String unshare(@PathVariable long id, @RequestParam(required = false) String back, RedirectAttributes redirect) {
        try {
            shares.unshare(id);
            redirect.addFlashAttribute("flash", "share.removed");
        } catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return "redirect:" + local(back);
    }

    /** Back to the record page the card was on; never somewhere else. */
    private static String local(String back) {
        return back != null && back.matches("/[a-z][a-z0-9/-]{0,200}") ? back : "/";
    }

    private static Long number(String value) {
        try {
            return value == null ? null : Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
