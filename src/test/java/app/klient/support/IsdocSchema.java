package app.klient.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The official ISDOC 6.0.2 invoice schema ({@code isdoc-6.0.2/isdoc-invoice-6.0.2.xsd}, which includes its core
 * types from the same folder), compiled once for all tests. It loads with the JDK's default limits.
 */
public final class IsdocSchema {

    private static final Schema SCHEMA = compile();

    private IsdocSchema() {
    }

    private static Schema compile() {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            return factory.newSchema(OfficialSchemas.resolve("isdoc-6.0.2/isdoc-invoice-6.0.2.xsd").toFile());
        }
        catch (SAXException e) {
            throw new IllegalStateException("The official ISDOC schema does not compile", e);
        }
    }

    /** Every error the schema finds in the document (empty: valid), with its line and column. */
    public static List<String> errors(byte[] document) {
        List<String> errors = new ArrayList<>();
        Validator validator = SCHEMA.newValidator();
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) {
                errors.add(e.getLineNumber() + ":" + e.getColumnNumber() + " " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                error(e);
            }
        });
        try {
            validator.validate(new StreamSource(new ByteArrayInputStream(document)));
        }
        catch (SAXException e) {
            errors.add(e.getMessage());
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return errors;
    }
}
