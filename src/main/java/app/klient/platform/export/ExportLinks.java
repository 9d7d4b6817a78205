package app.klient.platform.export;

import app.klient.platform.web.Paging;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives every page the filters of its address, which its Export menu passes on (without script too). */
@ControllerAdvice(annotations = Controller.class)
class ExportLinks {

    @ModelAttribute("exportQuery")
    String exportQuery(HttpServletRequest request) {
        return Paging.filters(request.getQueryString());
    }
}
