package app.klient.privacy.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import app.klient.platform.files.Files;
import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.PersonalDataExport;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A person's export as one ZIP: {@code person.json} (who it is about, when it was made, what each file holds), a
 * JSON file of rows for each table ({@code customers/contacts.json}) and the files as they were stored
 * ({@code mail/files/...}). JSON because the GDPR asks for a structured, machine-readable format.
 */
@Component
public class PersonalDataZip {

    private final JsonMapper json;

    PersonalDataZip(JsonMapper json) {
        this.json = json;
    }

    public byte[] write(DataSubject subject, PersonalDataExport export) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            Map<String, Object> about = new LinkedHashMap<>();
            about.put("madeAt", Instant.now().toString());
            about.put("contacts", subject.contactIds());
            about.put("leads", subject.leadIds());
            about.put("names", subject.names());
            about.put("emails", subject.emails());
            about.put("phones", subject.phones());
            about.put("contents", export.counts());
            put(zip, "person.json", json.writerWithDefaultPrettyPrinter().writeValueAsBytes(about));
            for (PersonalDataExport.Table table : export.tables()) {
                put(zip, table.section() + "/" + table.name() + ".json",
                        json.writerWithDefaultPrettyPrinter().writeValueAsBytes(table.rows()));
            }
            Set<String> names = new HashSet<>();
            for (PersonalDataExport.File file : export.files()) {
                String name = file.section() + "/files/" + Files.safeName(file.name());
                while (!names.add(name)) {
                    name = name + "_";
                }
                put(zip, name, file.data());
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }
}
