package app.klient.platform.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything else reads them, query and form parameters that are not text: malformed
 * percent-encoding, bytes that are not UTF-8, and NUL characters (which PostgreSQL cannot store and no person types).
 * One 400 naming the field and one line in the log, instead of a failure deep inside whichever filter or controller
 * reads the parameter first. Multipart bodies are left to Spring (their text fields are checked where they are bound).
 */
class ReadableParameters extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ReadableParameters.class);
    private static final int SHOWN = 60;

    private final Problems problems;

    ReadableParameters(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refusedField;
        try {
            refusedField = nulField(request);
        }
        catch (UnreadableParameter e) {
            log.info("Refused a request to {} {}: {}", request.getMethod(), shown(request.getRequestURI()),
                    e.getMessage());
            problems.refuse(request, response, e.status, e.messageKey, List.of());
            return;
        }
        if (refusedField != null) {
            log.info("Refused a request to {} {}: a NUL character in parameter {}", request.getMethod(),
                    shown(request.getRequestURI()), shown(refusedField));
            String field = shown(refusedField);
            problems.refuse(request, response, HttpStatus.BAD_REQUEST, "error.nulField",
                    List.of(new Problems.FieldProblem(field,
                            problems.text(problems.locale(request), "error.nulCharacter", null))), field);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The first parameter with a NUL character in its name or value, or null; throws if one cannot be read. */
    private static String nulField(HttpServletRequest request) throws UnreadableParameter {
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                if (name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                    return name;
                }
            }
        }
        String type = request.getContentType();
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
            if (!type.toLowerCase(java.util.Locale.ROOT).contains("boundary=")) {
                throw new UnreadableParameter("a multipart body without a boundary");
            }
            return null;
        }
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        }
        catch (InvalidParameterException e) {
            // Tomcat refuses a form body it cannot read when it is first read; say so once, without its trace
            if (e.getErrorCode() == HttpStatus.PAYLOAD_TOO_LARGE.value()) {
                throw new UnreadableParameter("the form body is too large", HttpStatus.PAYLOAD_TOO_LARGE,
                        "error.tooLarge");
            }
            if (e.getErrorCode() == HttpStatus.REQUEST_TIMEOUT.value()) {
                throw new UnreadableParameter("the form body did not arrive in time", HttpStatus.REQUEST_TIMEOUT,
                        "error.timeout");
            }
            throw new UnreadableParameter("the form body cannot be read: " + e.getMessage());
        }
        catch (IllegalStateException | IllegalArgumentException e) {
            throw new UnreadableParameter("the parameters cannot be read: " + e.getMessage());
        }
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            if (parameter.getKey().indexOf('\0') >= 0) {
                return parameter.getKey();
            }
            for (String value : parameter.getValue()) {
                if (value != null && value.indexOf('\0') >= 0) {
                    return parameter.getKey();
                }
            }
        }
        return null;
    }

    /** Strict application/x-www-form-urlencoded decoding: a bad escape or a byte that is not UTF-8 is an error. */
    static String decode(String encoded) throws UnreadableParameter {
        if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
            return encoded;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            }
            else if (c == '%') {
                int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
                if (low < 0) {
                    throw new UnreadableParameter("malformed percent-encoding in the query");
                }
                bytes.write(high * 16 + low);
                i += 2;
            }
            else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        }
        catch (CharacterCodingException e) {
            throw new UnreadableParameter("percent-encoded bytes in the query are not UTF-8");
        }
    }

    private static String shown(String text) {
        String printable = text == null ? "" : text.replaceAll("[\\p{Cntrl}]", "?");
        return printable.length() > SHOWN ? printable.substring(0, SHOWN) + "…" : printable;
    }

    static final class UnreadableParameter extends Exception {

        private final HttpStatus status;
        private final String messageKey;

        UnreadableParameter(String reason) {
            this(reason, HttpStatus.BAD_REQUEST, "error.badEncoding");
        }

        UnreadableParameter(String reason, HttpStatus status, String messageKey) {
            super(reason, null, false, false);
            this.status = status;
            this.messageKey = messageKey;
        }
    }
}
