package app.klient.platform.web;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * What every JSON body is refused for in one place, before a service sees it: a NUL character in any string or key
 * (PostgreSQL cannot store it; it was a 409 "conflicts with existing data") or half of a character, and {@code null}
 * as an element of a
 * list ({@code "stages": [null]} was a 500). Both become a 400 naming the field.
 */
@Configuration(proxyBeanMethods = false)
class JsonInput {

    static final String NUL_REFUSED = "contains a NUL character";
    static final String SURROGATE_REFUSED = "contains half of a character (an unpaired surrogate)";

    /**
     * Why a string from JSON cannot be stored, or null. A lone surrogate ({@code "\uD800"}) is not text: the database
     * driver silently writes it as "?", so the record would change without anybody noticing.
     */
    static String refusal(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                return NUL_REFUSED;
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            }
            else if (Character.isSurrogate(c)) {
                return SURROGATE_REFUSED;
            }
        }
        return null;
    }

    @Bean
    JsonMapperBuilderCustomizer refuseNulsAndNullElements() {
        SimpleModule strings = new SimpleModule("klient-text")
                .addDeserializer(String.class, new NulFreeString())
                .addKeyDeserializer(String.class, new NulFreeKey());
        JsonSetter.Value noNullElements = JsonSetter.Value.forContentNulls(Nulls.FAIL);
        return builder -> builder.addModule(strings)
                .withConfigOverride(List.class, o -> o.setNullHandling(noNullElements))
                .withConfigOverride(Set.class, o -> o.setNullHandling(noNullElements))
                .withConfigOverride(Collection.class, o -> o.setNullHandling(noNullElements));
    }

    static final class NulFreeString extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = super.deserialize(parser, context);
            String refusal = value == null ? null : refusal(value);
            if (refusal != null) {
                throw context.weirdStringException(value, String.class, refusal);
            }
            return value;
        }
    }

    static final class NulFreeKey extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) {
            String refusal = refusal(key);
            if (refusal != null) {
                throw context.weirdKeyException(String.class, key, refusal);
            }
            return key;
        }
    }
}
