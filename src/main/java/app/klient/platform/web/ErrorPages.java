package app.klient.platform.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Whatever reaches the servlet container's error path (unknown URLs, 403 from security, failures outside a
 * controller): problem+json under {@code /api}, a translated page everywhere else.
 */
@Controller
class ErrorPages implements ErrorController {

    private final Problems problems;

    ErrorPages(Problems problems) {
        this.problems = problems;
    }

    @RequestMapping("/error")
    String error(HttpServletRequest request, HttpServletResponse response, Model model) throws IOException {
        HttpStatus status = status(request);
        String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        if (path.startsWith("/api/") || path.startsWith("/actuator/")) {
            String type = switch (status) {
                case NOT_FOUND -> "not-found";
                case FORBIDDEN -> "forbidden";
                case UNAUTHORIZED -> "unauthorized";
                case METHOD_NOT_ALLOWED -> "method-not-allowed";
                default -> status.is5xxServerError() ? "internal" : "invalid";
            };
            String detail = switch (type) {
                case "not-found" -> "error.notFound";
                case "method-not-allowed" -> "error.methodNotAllowed";
                default -> "error." + type;
            };
            problems.write(request, response, status, type, detail, path);
            return null;
        }
        response.setStatus(status.value());
        return page(status, model);
    }

    /** A wrong parameter of a page, named, and why in the reader's language. */
    record FieldMessage(String field, String message) {
    }

    static String page(HttpStatus status, Model model) {
        model.addAttribute("status", status.value());
        return switch (status) {
            case NOT_FOUND -> "error/404";
            case FORBIDDEN -> "error/403";
            default -> {
                model.addAttribute("messageKey", status.is5xxServerError() ? "error.internal" : "error.invalidRequest");
                yield "error/general";
            }
        };
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code instanceof Integer value) {
            HttpStatus status = HttpStatus.resolve(value);
            if (status != null) {
                return status;
            }
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }
}
