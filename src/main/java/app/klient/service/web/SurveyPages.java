package app.klient.service.web;

import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.service.Surveys;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The customer's one-click survey (public, under {@code /forms}: no session, the token is the key). Each link works
 * once; a wrong, used or expired one says only that the link no longer works.
 */
@Controller
class SurveyPages {

    private final Surveys surveys;

    SurveyPages(Surveys surveys) {
        this.surveys = surveys;
    }

    @GetMapping("/forms/survey/{token}")
    String survey(@PathVariable String token, @RequestParam(required = false) Integer csat, Model model) {
        var ticket = surveys.open(token);
        if (ticket.isEmpty()) {
            return gone(model);
        }
        model.addAttribute("number", ticket.get()[0]);
        model.addAttribute("subject", ticket.get()[1]);
        model.addAttribute("token", token);
        model.addAttribute("csat", csat);
        return "service/survey";
    }

    @PostMapping("/forms/survey/{token}")
    String answer(@PathVariable String token, @RequestParam(required = false) Integer csat,
            @RequestParam(required = false) Integer ces, @RequestParam(required = false) String comment, Model model) {
        try {
            surveys.answer(token, csat, ces, comment);
            model.addAttribute("done", true);
            return "service/survey";
        }
        catch (InvalidFields e) {
            return survey(token, null, model.addAttribute("invalid", true));
        }
        catch (KlientException e) {
            return gone(model);
        }
    }

    private static String gone(Model model) {
        model.addAttribute("gone", true);
        return "service/survey";
    }

}
