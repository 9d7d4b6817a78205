package app.klient.billing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import app.klient.support.OfficialSchemas;
import org.w3c.dom.ls.LSInput;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The official FA(3) schema ({@code shared/schemas/ksef-fa3}), compiled once for all tests. Two workarounds, both
 * from the schemas' README: the import of the base types by their crd.gov.pl address is answered from
 * {@code bazowe/} (there is no network), and every {@code maxOccurs} above 100 reads {@code unbounded} (the JDK
 * refuses or takes minutes over the large finite ones). The upper limits so lost (10,000 rows) are checked in
 * Klient's code, not here.
 */
public final class Fa3Schema {

    private static final String FOLDER = "ksef-fa3/";
    private static final String MAIN = "schemat_FA(3)_v1-0E.xsd";
    private static final String REMOTE = "http://crd.gov.pl/xml/schematy/dziedzinowe/mf/2022/01/05/eD/DefinicjeTypy/";
    private static final Pattern LARGE = Pattern.compile("maxOccurs=\"(\\d+)\"");

    private static final Schema SCHEMA = compile();

    private Fa3Schema() {
    }

    /** Fails with every complaint of the schema when the XML is not a valid FA(3) invoice. */
    public static void validate(byte[] xml) {
        List<String> errors = errors(xml);
        if (!errors.isEmpty()) {
            throw new AssertionError("FA(3) schema refuses the invoice:\n" + String.join("\n", errors) + "\n\n"
                    + new String(xml, StandardCharsets.UTF_8));
        }
    }

    /** The schema's complaints about the XML, none when it is valid. */
    public static List<String> errors(byte[] xml) {
        List<String> errors = new ArrayList<>();
        Validator validator = SCHEMA.newValidator();
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) {
                errors.add(e.getLineNumber() + ": " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                errors.add(e.getLineNumber() + ": " + e.getMessage());
            }
        });
        try {
            validator.validate(new StreamSource(new ByteArrayInputStream(xml)));
        }
        catch (SAXException | IOException e) {
            errors.add(e.getMessage());
        }
        return errors;
    }

    private static Schema compile() {
        try {
            Path main = OfficialSchemas.resolve(FOLDER + MAIN);
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setResourceResolver((type, namespace, publicId, systemId, baseUri) -> {
                if (systemId == null) {
                    return null;
                }
                String name = systemId.substring(systemId.lastIndexOf('/') + 1);
                Path local = systemId.startsWith(REMOTE) || !systemId.contains(":")
                        ? OfficialSchemas.resolve(FOLDER + "bazowe/" + name) : null;
                return local == null ? null : input(local, publicId);
            });
            StreamSource source = new StreamSource(new StringReader(unbounded(Files.readString(main))),
                    main.toUri().toString());
            return factory.newSchema(source);
        }
        catch (IOException | SAXException e) {
            throw new IllegalStateException("The FA(3) schema does not compile", e);
        }
    }

    private static LSInput input(Path file, String publicId) {
        String text;
        try {
            text = unbounded(Files.readString(file));
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Input(file.toUri().toString(), publicId, text);
    }

    private static String unbounded(String xsd) {
        Matcher m = LARGE.matcher(xsd);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Long.parseLong(m.group(1)) > 100 ? "maxOccurs=\"unbounded\"" : m.group());
        }
        m.appendTail(out);
        return out.toString();
    }

    private record Input(String systemId, String publicId, String text) implements LSInput {

        @Override
        public Reader getCharacterStream() {
            return new StringReader(text);
        }

        @Override
        public void setCharacterStream(Reader characterStream) {
        }

        @Override
        public InputStream getByteStream() {
            return null;
        }

        @Override
        public void setByteStream(InputStream byteStream) {
        }

        @Override
        public String getStringData() {
            return text;
        }

        @Override
        public void setStringData(String stringData) {
        }

        @Override
        public String getSystemId() {
            return systemId;
        }

        @Override
        public void setSystemId(String systemId) {
        }

        @Override
        public String getPublicId() {
            return publicId;
        }

        @Override
        public void setPublicId(String publicId) {
        }

        @Override
        public String getBaseURI() {
            return systemId;
        }

        @Override
        public void setBaseURI(String baseURI) {
        }

        @Override
        public String getEncoding() {
            return "UTF-8";
        }

        @Override
        public void setEncoding(String encoding) {
        }

        @Override
        public boolean getCertifiedText() {
            return false;
        }

        @Override
        public void setCertifiedText(boolean certifiedText) {
        }
    }
}
