package app.klient.platform.web;

import app.klient.platform.KlientException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Errors of page controllers: a page in the reader's language with the status that fits, never a stack trace. */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageErrors {

    private static final Logger log = LoggerFactory.getLogger(PageErrors.class);

    @ExceptionHandler(KlientException.class)
    String business(KlientException e, HttpServletResponse response, Model model) {
        response.setStatus(e.status().value());
        if (e.status() == HttpStatus.NOT_FOUND || e.status() == HttpStatus.FORBIDDEN) {
            return ErrorPages.page(e.status(), model);
        }
        model.addAttribute("status", e.status().value());
        model.addAttribute("messageKey", e.messageKey());
        model.addAttribute("messageArguments", e.arguments());
        return "error/general";
    }

    @ExceptionHandler(AccessDeniedException.class)
    String denied(HttpServletResponse response, Model model) {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        return ErrorPages.page(HttpStatus.FORBIDDEN, model);
    }

    @ExceptionHandler({ NoResourceFoundException.class, MethodArgumentTypeMismatchException.class })
    String notFound(HttpServletResponse response, Model model) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return ErrorPages.page(HttpStatus.NOT_FOUND, model);
    }

    @ExceptionHandler(org.springframework.web.multipart.MaxUploadSizeExceededException.class)
    String tooLarge(HttpServletResponse response, Model model) {
        response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
        model.addAttribute("status", 413);
        model.addAttribute("messageKey", "error.tooLarge");
        return "error/general";
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    String stale(HttpServletResponse response, Model model) {
        response.setStatus(HttpStatus.CONFLICT.value());
        model.addAttribute("status", 409);
        model.addAttribute("messageKey", "error.stale");
        return "error/general";
    }

    @ExceptionHandler(Exception.class)
    String unexpected(Exception e, HttpServletResponse response, Model model) {
        log.error("Unexpected error on a page", e);
        response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.value());
        return ErrorPages.page(HttpStatus.INTERNAL_SERVER_ERROR, model);
    }
}
