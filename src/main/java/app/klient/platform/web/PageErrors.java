package app.klient.platform.web;

import java.util.Locale;

import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Errors of page controllers: a page in the reader's language with the status that fits, never a stack trace. */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageErrors {

    private static final Logger log = LoggerFactory.getLogger(PageErrors.class);

    private final DatabaseRefusals database;
    private final MessageSource messages;

    PageErrors(DatabaseRefusals database, MessageSource messages) {
        this.database = database;
        this.messages = messages;
    }

    @ExceptionHandler(KlientException.class)
    String business(KlientException e, HttpServletResponse response, Model model) {
        response.setStatus(e.status().value());
        if (e.status() == HttpStatus.FORBIDDEN) {
            // the service's own reason ("only its owner…") rather than blaming the role
            model.addAttribute("reason", messages.getMessage(e.messageKey(), e.arguments(), e.messageKey(),
                    LocaleContextHolder.getLocale()));
        }
        if (e.status() == HttpStatus.NOT_FOUND || e.status() == HttpStatus.FORBIDDEN) {
            return ErrorPages.page(e.status(), model);
        }
        // "see the list of fields" where there is no list: the page's own words for a wrong request
        return general(response, model, e.status(), "error.invalid".equals(e.messageKey()) ? "error.invalidRequest"
                : e.messageKey(), e.arguments());
    }

    /**
     * Wrong values a page did not show beside its fields (a wrong parameter in the address): each named with why, in
     * the reader's language, under a message that says so.
     */
    @ExceptionHandler(InvalidFields.class)
    String invalidFields(InvalidFields e, HttpServletResponse response, Model model) {
        Locale locale = LocaleContextHolder.getLocale();
        model.addAttribute("errorFields", e.errors().stream().map(f -> new ErrorPages.FieldMessage(f.field(),
                messages.getMessage(f.messageKey(), f.arguments(), f.messageKey(), locale))).toList());
        return general(response, model, HttpStatus.BAD_REQUEST,
                e.errors().isEmpty() ? "error.invalidRequest" : "error.invalidFields");
    }

    @ExceptionHandler(AccessDeniedException.class)
    String denied(HttpServletResponse response, Model model) {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        return ErrorPages.page(HttpStatus.FORBIDDEN, model);
    }

    /** A record looked up by an id that names none (services that do not say "not found" themselves). */
    @ExceptionHandler({ NoResourceFoundException.class, EmptyResultDataAccessException.class })
    String notFound(HttpServletResponse response, Model model) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return ErrorPages.page(HttpStatus.NOT_FOUND, model);
    }

    /** Garbage in a path variable names no page (404); in a parameter it is a wrong value (400). */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    String typeMismatch(MethodArgumentTypeMismatchException e, HttpServletResponse response, Model model) {
        if (e.getParameter().hasParameterAnnotation(PathVariable.class)) {
            return notFound(response, model);
        }
        return general(response, model, HttpStatus.BAD_REQUEST, "error.wrongParameter", e.getName());
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    String missing(MissingServletRequestParameterException e, HttpServletResponse response, Model model) {
        return general(response, model, HttpStatus.BAD_REQUEST, "error.missingParameter", e.getParameterName());
    }

    @ExceptionHandler(MissingServletRequestPartException.class)
    String missingPart(MissingServletRequestPartException e, HttpServletResponse response, Model model) {
        return general(response, model, HttpStatus.BAD_REQUEST, "error.missingParameter", e.getRequestPartName());
    }

    @ExceptionHandler(org.springframework.web.multipart.MaxUploadSizeExceededException.class)
    String tooLarge(HttpServletResponse response, Model model) {
        return general(response, model, HttpStatus.PAYLOAD_TOO_LARGE, "error.tooLarge");
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    String stale(HttpServletResponse response, Model model) {
        return general(response, model, HttpStatus.CONFLICT, "error.stale");
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    String integrity(DataIntegrityViolationException e, HttpServletResponse response, Model model) {
        DatabaseRefusals.Refusal refusal = database.of(e);
        if (refusal.field() != null) {
            return general(response, model, refusal.status(), "error.fieldRefused", refusal.field(),
                    new org.springframework.context.support.DefaultMessageSourceResolvable(refusal.messageKey()));
        }
        return general(response, model, refusal.status(), refusal.messageKey());
    }

    /** A form bound without a place for its errors, or a value no converter could read: the request is wrong. */
    @ExceptionHandler({ BindException.class, ConstraintViolationException.class,
            HttpMessageNotReadableException.class, MultipartException.class })
    String invalid(HttpServletResponse response, Model model) {
        return general(response, model, HttpStatus.BAD_REQUEST, "error.invalidRequest");
    }

    /**
     * A reader who went away (a closed tab ends its page's event stream): there is nobody to answer and nothing went
     * wrong, so nothing is logged.
     */
    @ExceptionHandler(org.springframework.web.context.request.async.AsyncRequestNotUsableException.class)
    org.springframework.http.ResponseEntity<Void> readerGone() {
        return null;
    }

    @ExceptionHandler(Exception.class)
    String unexpected(Exception e, HttpServletResponse response, Model model) {
        // Spring MVC's own refusals (a method not allowed, a media type not supported) carry their status
        if (e instanceof ErrorResponse answer && answer.getStatusCode().is4xxClientError()) {
            HttpStatus status = HttpStatus.resolve(answer.getStatusCode().value());
            if (status == HttpStatus.NOT_FOUND) {
                return notFound(response, model);
            }
            return general(response, model, status == null ? HttpStatus.BAD_REQUEST : status,
                    status == HttpStatus.METHOD_NOT_ALLOWED ? "error.methodNotAllowed" : "error.invalidRequest");
        }
        log.error("Unexpected error on a page", e);
        response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.value());
        return ErrorPages.page(HttpStatus.INTERNAL_SERVER_ERROR, model);
    }

    /** The message is resolved here: a template cannot spread an array of arguments into a message. */
    private String general(HttpServletResponse response, Model model, HttpStatus status, String messageKey,
            Object... arguments) {
        response.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("messageKey", messageKey);
        model.addAttribute("message", messages.getMessage(messageKey, arguments, messageKey,
                LocaleContextHolder.getLocale()));
        return "error/general";
    }
}
