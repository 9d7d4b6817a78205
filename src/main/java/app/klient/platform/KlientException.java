package app.klient.platform;

import org.springframework.http.HttpStatus;

/**
 * A business error a person can read: a message key from the bundles, its arguments, and the HTTP status it means.
 * Thrown by services; turned into problem+json by the API and into a translated message on pages.
 */
public class KlientException extends RuntimeException {

    private final HttpStatus status;
    private final String messageKey;
    private final transient Object[] arguments;
    private final transient java.util.Map<String, Object> properties = new java.util.LinkedHashMap<>();

    public KlientException(HttpStatus status, String messageKey, Object... arguments) {
        super(messageKey);
        this.status = status;
        this.messageKey = messageKey;
        this.arguments = arguments;
    }

    public static KlientException notFound(String messageKey, Object... arguments) {
        return new KlientException(HttpStatus.NOT_FOUND, messageKey, arguments);
    }

    public static KlientException conflict(String messageKey, Object... arguments) {
        return new KlientException(HttpStatus.CONFLICT, messageKey, arguments);
    }

    public static KlientException invalid(String messageKey, Object... arguments) {
        return new KlientException(HttpStatus.BAD_REQUEST, messageKey, arguments);
    }

    public HttpStatus status() {
        return status;
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] arguments() {
        return arguments;
    }

    /** Adds a member to the problem+json the API answers with (the records a conflict is with, say). */
    public KlientException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public java.util.Map<String, Object> properties() {
        return java.util.Collections.unmodifiableMap(properties);
    }
}
