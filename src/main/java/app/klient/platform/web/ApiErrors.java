package app.klient.platform.web;

import java.util.ArrayList;
import java.util.List;

import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import jakarta.servlet.http.HttpServletRequest;
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
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Every error of a {@code @RestController} becomes problem+json in the caller's language; never a stack trace. */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private final Problems problems;
    private final MessageSource messages;
    private final DatabaseRefusals database;

    ApiErrors(Problems problems, MessageSource messages, DatabaseRefusals database) {
        this.problems = problems;
        this.messages = messages;
        this.database = database;
    }

    @ExceptionHandler(InvalidFields.class)
    ResponseEntity<Object> invalidFields(InvalidFields e, HttpServletRequest request) {
        List<Problems.FieldProblem> fields = e.errors().stream()
                .map(error -> new Problems.FieldProblem(error.field(),
                        problems.text(error.messageKey(), null, error.arguments())))
                .toList();
        return respond(problems.invalid("error.invalid", fields), request);
    }

    @ExceptionHandler(KlientException.class)
    ResponseEntity<Object> business(KlientException e, HttpServletRequest request) {
        String type = switch (e.status()) {
            case NOT_FOUND -> "not-found";
            case CONFLICT -> "conflict";
            case FORBIDDEN -> "forbidden";
            case UNAUTHORIZED -> "unauthorized";
            case TOO_MANY_REQUESTS -> "too-many";
            default -> "invalid";
        };
        ProblemDetail problem = problems.of(e.status(), type, e.messageKey(), e.arguments());
        e.properties().forEach(problem::setProperty);
        if (e.status() == org.springframework.http.HttpStatus.TOO_MANY_REQUESTS) {
            // a limit counted over a minute or an hour: a client that waits a minute tries again sensibly
            return ResponseEntity.status(e.status()).header(org.springframework.http.HttpHeaders.RETRY_AFTER, "60")
                    .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        return respond(problem, request);
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<Object> staleVersion(OptimisticLockingFailureException e, HttpServletRequest request) {
        return respond(problems.of(HttpStatus.CONFLICT, "conflict", "error.stale"), request);
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> integrity(DataIntegrityViolationException e, HttpServletRequest request) {
        DatabaseRefusals.Refusal refusal = database.of(e);
        if (refusal.status() == HttpStatus.BAD_REQUEST) {
            return respond(problems.invalid("error.invalid", List.of(new Problems.FieldProblem(refusal.field(),
                    problems.text(refusal.messageKey(), null)))), request);
        }
        return respond(problems.of(refusal.status(), "conflict", refusal.messageKey()), request);
    }

    /** A record looked up by an id that names none (services that do not say "not found" themselves). */
    @ExceptionHandler(EmptyResultDataAccessException.class)
    ResponseEntity<Object> nothingFound(EmptyResultDataAccessException e, HttpServletRequest request) {
        return respond(problems.of(HttpStatus.NOT_FOUND, "not-found", "error.notFound"), request);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> denied(AccessDeniedException e, HttpServletRequest request) {
        return respond(problems.of(HttpStatus.FORBIDDEN, "forbidden", "error.forbidden"), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return respond(problems.invalid("error.invalid",
                List.of(new Problems.FieldProblem(e.getName(), problems.text("error.wrongType", null)))), request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraint(ConstraintViolationException e, HttpServletRequest request) {
        List<Problems.FieldProblem> fields = e.getConstraintViolations().stream()
                .map(v -> new Problems.FieldProblem(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return respond(problems.invalid("error.invalid", fields), request);
    }

    /** A multipart body that cannot be parsed (a size limit has its own handler in the base class). */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> unreadableParts(MultipartException e, HttpServletRequest request) {
        if (e instanceof MaxUploadSizeExceededException) {
            return respond(problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "error.tooLarge"), request);
        }
        log.info("Refused an unreadable multipart body on {}: {}", request.getRequestURI(), e.getMessage());
        return respond(problems.invalid("error.invalidRequest", List.of()), request);
    }

    /** A merge patch whose result is not a valid body: the same answer as an unreadable PUT body. */
    @ExceptionHandler(MergePatch.UnreadablePatch.class)
    ResponseEntity<Object> unreadablePatch(MergePatch.UnreadablePatch e, HttpServletRequest request) {
        return handleHttpMessageNotReadable(new HttpMessageNotReadableException(e.getMessage(), e.getCause(),
                new ServletServerHttpRequest(request)), HttpHeaders.EMPTY, HttpStatus.BAD_REQUEST,
                new ServletWebRequest(request));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "error.internal"), request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Problems.FieldProblem> fields = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            fields.add(new Problems.FieldProblem(error.getField(),
                    messages.getMessage(error, LocaleContextHolder.getLocale())));
        }
        e.getBindingResult().getGlobalErrors().forEach(error -> fields.add(
                new Problems.FieldProblem(null, messages.getMessage(error, LocaleContextHolder.getLocale()))));
        return respond(problems.invalid("error.invalid", fields), request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Problems.FieldProblem> fields = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error -> fields.add(
                new Problems.FieldProblem(result.getMethodParameter().getParameterName(),
                        messages.getMessage(error, LocaleContextHolder.getLocale())))));
        return respond(problems.invalid("error.invalid", fields), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof UnrecognizedPropertyException unknown) {
                return respond(problems.invalid("error.invalid", List.of(new Problems.FieldProblem(
                        path(unknown), problems.text("error.unknownField", null)))), request);
            }
            if (cause instanceof InvalidNullException nullValue) {
                return respond(problems.invalid("error.invalid", List.of(new Problems.FieldProblem(
                        path(nullValue), problems.text("error.nullElement", null)))), request);
            }
            if (cause instanceof InvalidFormatException format && format.getValue() instanceof String text
                    && JsonInput.refusal(text) != null) {
                String key = JsonInput.refusal(text) == JsonInput.NUL_REFUSED ? "error.nulCharacter" : "error.halfCharacter";
                return respond(problems.invalid("error.invalid", List.of(new Problems.FieldProblem(
                        path(format), problems.text(key, null)))), request);
            }
            if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
                return respond(problems.invalid("error.invalid", List.of(new Problems.FieldProblem(
                        path(jackson), problems.text("error.wrongType", null)))), request);
            }
        }
        return respond(problems.invalid("error.unreadable", List.of()), request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return respond(problems.invalid("error.invalid", List.of(new Problems.FieldProblem(e.getParameterName(),
                problems.text("jakarta.validation.constraints.NotNull.message", null)))), request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(MissingServletRequestPartException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return respond(problems.invalid("error.invalid", List.of(new Problems.FieldProblem(e.getRequestPartName(),
                problems.text("jakarta.validation.constraints.NotNull.message", null)))), request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        HttpStatus status = HttpStatus.resolve(statusCode.value());
        if (status == null) {
            status = HttpStatus.BAD_REQUEST;
        }
        String type = switch (status) {
            case NOT_FOUND -> "not-found";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case UNSUPPORTED_MEDIA_TYPE, NOT_ACCEPTABLE -> "media-type";
            case PAYLOAD_TOO_LARGE -> "too-large";
            default -> status.is5xxServerError() ? "internal" : "invalid";
        };
        String detail = switch (type) {
            case "not-found" -> "error.notFound";
            case "method-not-allowed" -> "error.methodNotAllowed";
            case "media-type" -> "error.mediaType";
            case "too-large" -> "error.tooLarge";
            case "internal" -> "error.internal";
            default -> "error.invalid";
        };
        return respond(problems.of(status, type, detail), request, headers);
    }

    private ResponseEntity<Object> respond(ProblemDetail problem, HttpServletRequest request) {
        problem.setInstance(Problems.uri(request.getRequestURI()));
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.asMap(problem));
    }

    private ResponseEntity<Object> respond(ProblemDetail problem, WebRequest request) {
        return respond(problem, request, HttpHeaders.EMPTY);
    }

    private ResponseEntity<Object> respond(ProblemDetail problem, WebRequest request, HttpHeaders headers) {
        String uri = request.getDescription(false).replaceFirst("^uri=", "");
        problem.setInstance(Problems.uri(uri));
        return ResponseEntity.status(problem.getStatus()).headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(Problems.asMap(problem));
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
