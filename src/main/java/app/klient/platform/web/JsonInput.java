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
 * (PostgreSQL cannot store it; it was a 409 "conflicts with existing data"), and {@code null} as an element of a
 * list ({@code "stages": [null]} was a 500). Both become a 400 naming the field.
 */
@Configuration(proxyBeanMethods = false)
class JsonInput {

    static final String NUL_REFUSED = "contains a NUL character";

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
            if (value != null && value.indexOf('\0') >= 0) {
                throw context.weirdStringException(value, String.class, NUL_REFUSED);
            }
            return value;
        }
    }

    static final class NulFreeKey extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) {
            if (key.indexOf('\0') >= 0) {
                throw context.weirdKeyException(String.class, key, NUL_REFUSED);
            }
            return key;
        }
    }
}
