package app.klient.identity.web;

import app.klient.platform.Actor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class LoginPage {

    @GetMapping("/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout,
            Model model) {
        if (Actor.current().isPresent()) {
            return "redirect:/";
        }
        if (error != null) {
            String key = switch (error) {
                case "locked" -> "login.error.locked";
                case "address" -> "login.error.address";
                case "disabled" -> "login.error.disabled";
                case "expired" -> "twofactor.error.expired";
                default -> "login.error.bad";
            };
            model.addAttribute("errorKey", key);
        }
        model.addAttribute("loggedOut", logout != null);
        return "login";
    }
}
