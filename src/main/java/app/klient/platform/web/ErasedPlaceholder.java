package app.klient.platform.web;

import java.util.Set;

import app.klient.platform.privacy.DataSubject;
import org.springframework.stereotype.Component;
import org.thymeleaf.dialect.AbstractDialect;
import org.thymeleaf.dialect.IPostProcessorDialect;
import org.thymeleaf.engine.AbstractTemplateHandler;
import org.thymeleaf.model.IAttribute;
import org.thymeleaf.model.ICloseElementTag;
import org.thymeleaf.model.IOpenElementTag;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.model.IStandaloneElementTag;
import org.thymeleaf.model.IText;
import org.thymeleaf.postprocessor.IPostProcessor;
import org.thymeleaf.postprocessor.PostProcessor;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * An erasure leaves {@link DataSubject#ERASED} where a person's name, address or number was, in every module's
 * records; the marker stays in the database and the API, and every page shows it in the reader's language
 * ({@code privacy.placeholder}: "[usunięto]", "[vymazáno]"), wherever a template prints it. What a form sends
 * back (a field's value, a text area) keeps the marker, so saving a form does not turn it into words.
 */
@Component
class ErasedPlaceholder extends AbstractDialect implements IPostProcessorDialect {

    ErasedPlaceholder() {
        super("erasedPlaceholder");
    }

    @Override
    public int getDialectPostProcessorPrecedence() {
        return 1000;
    }

    @Override
    public Set<IPostProcessor> getPostProcessors() {
        return Set.of(new PostProcessor(TemplateMode.HTML, Translated.class, 1000));
    }

    /** Replaces the marker in the page's text and attribute values as the page is written out. */
    public static final class Translated extends AbstractTemplateHandler {

        private String placeholder;
        private boolean inTextArea;

        @Override
        public void handleText(IText text) {
            super.handleText(!inTextArea && text.getText().contains(DataSubject.ERASED)
                    ? getContext().getModelFactory().createText(translated(text.getText())) : text);
        }

        @Override
        public void handleOpenElement(IOpenElementTag tag) {
            inTextArea |= tag.getElementCompleteName().equalsIgnoreCase("textarea");
            super.handleOpenElement(withAttributes(tag));
        }

        @Override
        public void handleCloseElement(ICloseElementTag tag) {
            inTextArea &= !tag.getElementCompleteName().equalsIgnoreCase("textarea");
            super.handleCloseElement(tag);
        }

        @Override
        public void handleStandaloneElement(IStandaloneElementTag tag) {
            super.handleStandaloneElement(withAttributes(tag));
        }

        private <T extends IProcessableElementTag> T withAttributes(T tag) {
            T result = tag;
            for (IAttribute attribute : tag.getAllAttributes()) {
                String value = attribute.getValue();
                if (value != null && value.contains(DataSubject.ERASED)
                        && !attribute.getAttributeCompleteName().equalsIgnoreCase("value")) {
                    result = getContext().getModelFactory().setAttribute(result, attribute.getAttributeCompleteName(),
                            translated(value));
                }
            }
            return result;
        }

        private String translated(String text) {
            if (placeholder == null) {
                String message = getContext().getMessage(ErasedPlaceholder.class, "privacy.placeholder", null, false);
                placeholder = message == null ? DataSubject.ERASED : message;
            }
            return text.replace(DataSubject.ERASED, placeholder);
        }
    }
}
