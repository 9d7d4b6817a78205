package app.klient.platform.web;

import java.util.List;
import java.util.Set;

import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * PATCH as a JSON Merge Patch (RFC 7396): the record as GET answers it, with the patch merged in, read as the form
 * PUT takes, so a partial change goes through the same validation and the same versioned update as PUT. The patch
 * must carry the {@code version} the caller read; a stale one answers 409 like PUT.
 */
@Component
public class MergePatch {

    public static final String MEDIA_TYPE = "application/merge-patch+json";

    private final JsonMapper json;
    private final Validator validator;

    MergePatch(JsonMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /** {@code current} patched and read as {@code form}; a field the form does not know is refused as in PUT. */
    public <T> T apply(Object current, JsonNode patch, Class<T> form) {
        if (patch == null || !patch.isObject()) {
            throw new KlientException(HttpStatus.BAD_REQUEST, "error.unreadable");
        }
        if (!patch.has("version") || !patch.get("version").isIntegralNumber()) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("version",
                    "jakarta.validation.constraints.NotNull.message")));
        }
        JsonNode merged = merge(json.valueToTree(current), patch);
        T value;
        try {
            value = json.treeToValue(merged, form);
        }
        catch (tools.jackson.core.JacksonException unreadable) {
            throw new UnreadablePatch(unreadable);
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return value;
    }

    /** RFC 7396, section 2: objects merge member by member, null removes, anything else replaces. */
    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : ((ObjectNode) patch).objectNode();
        patch.properties().forEach(member -> {
            if (member.getValue().isNull()) {
                result.remove(member.getKey());
            }
            else {
                result.set(member.getKey(), merge(result.get(member.getKey()), member.getValue()));
            }
        });
        return result;
    }

    /** A patch whose merged result is not a valid body: answered like an unreadable PUT body (ApiErrors). */
    static final class UnreadablePatch extends RuntimeException {

        UnreadablePatch(tools.jackson.core.JacksonException cause) {
            super(cause.getOriginalMessage(), cause);
        }
    }
}
