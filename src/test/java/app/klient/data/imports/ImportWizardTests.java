package app.klient.data.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.support.Http;
import app.klient.support.Race;
import app.klient.support.WebTest;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.util.ReflectionTestUtils;
import tools.jackson.databind.JsonNode;

/**
 * The import wizard end to end: files of each format and encoding read as a person would read them, columns
 * mapped from their headings and remembered, the preview naming each problem, the background run with its
 * duplicate policies, the refused rows to download, and undo; bad files refused with a reason and nothing stored.
 */
class ImportWizardTests extends WebTest {

    @Autowired
    Imports imports;

    @Autowired
    ImportRunner runner;

    @Autowired
    Users users;

    private UserSummary manager;
    private String marker;

    @BeforeEach
    void someone() {
        manager = testUsers.create(Role.MANAGER);
        marker = "imp" + UUID.randomUUID().toString().substring(0, 8);
    }

    private <T> T as(UserSummary user, Supplier<T> work) {
        return users.actingAs(user.id(), work);
    }

    private long upload(String kind, String filename, byte[] data) {
        return as(manager, () -> imports.upload(kind, filename, data));
    }

    private ImportJob job(long id) {
        return as(manager, () -> imports.job(id));
    }

    private ImportJob run(long id) {
        as(manager, () -> imports.start(id));
        while (runner.runNext()) {
            // every queued import of the suite, this one among them
        }
        return job(id);
    }

    private List<String> emails(String like) {
        return jdbc.sql("select array_to_string(emails, ',') from contacts where array_to_string(emails, ',') like :p"
                + " order by id").param("p", like).query(String.class).list();
    }

    @Test
    void a_polish_file_in_windows_1250_with_semicolons_is_read_and_its_headings_mapped() {
        String csv = "Imię;Nazwisko;E-mail;Telefon;Firma;Miasto\n"
                + "Łucja;Żółkiewska;lucja@" + marker + ".pl;601 222 333;Zakład Ślusarski;Łódź\r\n"
                // a row a spreadsheet saved empty
                + ";;;;;\r\n"
                + "Ścibor;Gąsiorowski;scibor@" + marker + ".pl;;;Kraków\r\n";
        long id = upload("contacts", "ludzie.csv", csv.getBytes(Charset.forName("windows-1250")));
        ImportJob job = job(id);
        assertThat(job.format()).isEqualTo("CSV");
        assertThat(job.encoding()).isEqualTo("windows-1250");
        assertThat(job.delimiter()).isEqualTo(";");
        assertThat(job.totalRows()).isEqualTo(2);
        assertThat(job.mapping()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(0, "firstName",
                1, "lastName", 2, "email", 3, "phone", 4, "company", 5, "city")));
        assertThat(job.matchKey()).as("duplicates looked for by e-mail unless said otherwise").isEqualTo("email");
        assertThat(as(manager, () -> imports.columns(id)).get(1).samples()).containsExactly("Żółkiewska",
                "Gąsiorowski");

        ImportJob done = run(id);
        assertThat(done.state()).isEqualTo("DONE");
        assertThat(done.created()).isEqualTo(2);
        assertThat(done.refused()).isZero();
        assertThat(jdbc.sql("""
                select c.first_name || ' ' || c.last_name || ' ' || array_to_string(c.phones, ',') || ' ' || c.city
                    || ' ' || co.name || ' ' || c.source
                from contacts c join companies co on co.id = c.company_id where c.emails = array[cast(:e as text)]""")
                .param("e", "lucja@" + marker + ".pl").query(String.class).single())
                .isEqualTo("Łucja Żółkiewska +48601222333 Łódź Zakład Ślusarski IMPORT");
    }

    @Test
    void czech_text_in_iso_8859_2_and_tabs_are_detected() {
        String csv = "Jméno\tPříjmení\tE-mail\tMěsto\n"
                + "Šárka\tŠťastná\tsarka@" + marker + ".cz\tŽďár nad Sázavou\n";
        long id = upload("contacts", "lide.txt", csv.getBytes(Charset.forName("ISO-8859-2")));
        ImportJob job = job(id);
        assertThat(job.encoding()).isEqualTo("ISO-8859-2");
        assertThat(job.delimiter()).isEqualTo("\t");
        assertThat(as(manager, () -> imports.columns(id)).get(1).samples()).containsExactly("Šťastná");
        assertThat(job.mapping()).containsEntry(0, "firstName").containsEntry(1, "lastName")
                .containsEntry(3, "city");
    }

    @Test
    void the_encoding_chosen_by_hand_reads_the_file_again() {
        String csv = "Nazwisko;Miasto\nŚliwińska;Gdańsk\n";
        long id = upload("contacts", "a.csv", csv.getBytes(Charset.forName("windows-1250")));
        as(manager, () -> imports.map(id, new Imports.Mapping(Map.of(0, "lastName", 1, "city"), "SKIP", null,
                "ISO-8859-2", null)));
        assertThat(job(id).encoding()).isEqualTo("ISO-8859-2");
        assertThat(as(manager, () -> imports.columns(id)).get(0).samples().get(0)).isNotEqualTo("Śliwińska");
    }

    @Test
    void a_workbook_longer_than_its_first_values_is_shown_and_previewed() throws Exception {
        ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            var sheet = book.createSheet("Firmy");
            sheet.createRow(0).createCell(0).setCellValue("Nazwa firmy");
            for (int i = 1; i <= 30; i++) {
                sheet.createRow(i).createCell(0).setCellValue(marker + " Firma " + i);
            }
            book.write(xlsx);
        }
        long id = upload("companies", "firmy.xlsx", xlsx.toByteArray());

        assertThat(job(id).totalRows()).isEqualTo(30);
        assertThat(as(manager, () -> imports.columns(id)).get(0).samples()).startsWith(marker + " Firma 1");
        assertThat(as(manager, () -> imports.preview(id))).isNotEmpty();
        assertThat(run(id).created()).isEqualTo(30);
    }

    @Test
    void an_xlsx_sheet_and_vcards_are_imported_and_a_formula_stays_text() throws Exception {
        ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            var sheet = book.createSheet("Ludzie");
            var head = sheet.createRow(0);
            head.createCell(0).setCellValue("Last name");
            head.createCell(1).setCellValue("E-mail");
            head.createCell(3).setCellValue("Job title");
            var row = sheet.createRow(1);
            row.createCell(0).setCellValue("=cmd|' /C calc'!A0");
            row.createCell(1).setCellValue("x@" + marker + ".test");
            row.createCell(3).setCellValue("@SUM(1+1)");
            book.write(xlsx);
        }
        long id = upload("contacts", "people.xlsx", xlsx.toByteArray());
        assertThat(job(id).format()).isEqualTo("XLSX");
        assertThat(job(id).mapping()).containsEntry(0, "lastName").containsEntry(1, "email")
                .containsEntry(3, "jobTitle");
        assertThat(run(id).created()).isEqualTo(1);
        assertThat(jdbc.sql("select last_name || ' ' || job_title from contacts where emails = array[cast(:e as text)]")
                .param("e", "x@" + marker + ".test").query(String.class).single())
                .isEqualTo("=cmd|' /C calc'!A0 @SUM(1+1)");

        String vcf = "BEGIN:VCARD\r\nVERSION:4.0\r\nN:Dvořák;Antonín;;;\r\nFN:Antonín Dvořák\r\n"
                + "EMAIL;TYPE=work:antonin@" + marker + ".cz\r\nTEL;TYPE=cell:+420 602 123 456\r\nORG:Symfonie\\, s.r.o.\r\n"
                + "TITLE:Skladatel\r\nADR;TYPE=work:;;Národní 1;Praha;;110 00;\r\nEND:VCARD\r\n"
                + "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Nowak;Ewa\r\nEMAIL:ewa@" + marker + ".pl\r\n"
                // vCard 4.0's basic date form
                + "BDAY:19800115\r\nEND:VCARD\r\n";
        long cards = upload("contacts", "people.vcf", vcf.getBytes(StandardCharsets.UTF_8));
        assertThat(job(cards).format()).isEqualTo("VCARD");
        assertThat(run(cards).created()).isEqualTo(2);
        assertThat(jdbc.sql("""
                select c.first_name || ' ' || c.last_name || ' ' || array_to_string(c.phones, ',') || ' ' || c.job_title
                    || ' ' || c.street || ' ' || c.city || ' ' || c.postal_code || ' ' || co.name
                from contacts c join companies co on co.id = c.company_id where c.emails = array[cast(:e as text)]""")
                .param("e", "antonin@" + marker + ".cz").query(String.class).single())
                .isEqualTo("Antonín Dvořák +420602123456 Skladatel Národní 1 Praha 110 00 Symfonie, s.r.o.");
        assertThat(jdbc.sql("select birthday from contacts where emails = array[cast(:e as text)]")
                .param("e", "ewa@" + marker + ".pl").query(java.time.LocalDate.class).single())
                .isEqualTo(java.time.LocalDate.of(1980, 1, 15));
    }

    @Test
    void a_cards_every_email_phone_and_category_is_kept_and_its_columns_are_named_in_the_readers_language() {
        String work = "p.slazak@" + marker + ".pl";
        String home = "p.slazak@home" + marker + ".pl";
        String vcf = "BEGIN:VCARD\r\nVERSION:4.0\r\nN:Ślązak;Piotr;;;\r\nEMAIL;TYPE=work:" + work + "\r\n"
                + "EMAIL;TYPE=home:" + home + "\r\nTEL;TYPE=cell:+48 601 100 200\r\nTEL;TYPE=home:+48 22 123 45 67\r\n"
                + "CATEGORIES:vcard24,vip\r\nBDAY:19800115\r\nEND:VCARD\r\n";
        long id = upload("contacts", "kontakty.vcf", vcf.getBytes(StandardCharsets.UTF_8));
        JsonNode polish = api(manager).language("pl").get("/api/v1/imports/" + id).json();
        assertThat(polish.path("columns").valueStream().map(c -> c.path("heading").asString()).toList())
                .startsWith("Nazwisko", "Imię", "E-mail", "Telefon", "Firma", "Stanowisko").contains("Tagi");
        assertThat(api(manager).language("cs").get("/api/v1/imports/" + id).json().path("columns").path(0)
                .path("heading").asString()).isEqualTo("Příjmení");
        assertThat(job(id).mapping()).containsEntry(2, "email").containsEntry(3, "phone").containsEntry(12, "tags");

        assertThat(run(id).created()).isEqualTo(1);
        assertThat(jdbc.sql("""
                select array_to_string(emails, ' ') || ' | ' || array_to_string(phones, ' ') || ' | '
                    || array_to_string(tags, ' ') from contacts where emails[1] = :e""").param("e", work)
                .query(String.class).single())
                .isEqualTo(work + " " + home + " | +48601100200 +48221234567 | vcard24 vip");

        String third = "piotr@" + marker + ".com";
        long again = upload("contacts", "kontakty.vcf", vcf.replace("EMAIL;TYPE=home:" + home,
                "EMAIL;TYPE=home:" + home + "\r\nEMAIL:" + third).getBytes(StandardCharsets.UTF_8));
        as(manager, () -> imports.map(again, new Imports.Mapping(job(again).mapping(), "UPDATE", "email", null,
                null)));
        assertThat(run(again).updated()).as("found by its first e-mail").isEqualTo(1);
        assertThat(emails("p.slazak@%" + marker + ".pl%")).as("the new one added after those it had")
                .containsExactly(work + "," + home + "," + third);

        String csv = "Nazwisko,E-mail\nLista,\"a@" + marker + ".cz; b@" + marker + ".cz\"\nZla,\"c@" + marker
                + ".cz; zle\"\n";
        long list = upload("contacts", "export.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(as(manager, () -> imports.preview(list)).get(1).problems()).extracting(Imports.Problem::message)
                .containsExactly("„zle“ is not an e-mail address.");
        run(list);
        assertThat(emails("%@" + marker + ".cz")).as("several in one cell, as exports write them")
                .containsExactly("a@" + marker + ".cz,b@" + marker + ".cz");
    }

    @Test
    void two_columns_mapped_to_one_field_are_refused_and_a_mapping_is_remembered_for_the_same_headings() {
        byte[] file = ("Kto;Poczta;Drugi mail\nKowalski;k@" + marker + ".pl;k2@" + marker + ".pl\n")
                .getBytes(StandardCharsets.UTF_8);
        long id = upload("contacts", "a.csv", file);
        assertThat(job(id).mapping()).as("\"Kto\" is no heading Klient knows").doesNotContainKey(0);
        assertThatThrownBy(() -> as(manager, () -> imports.map(id, new Imports.Mapping(Map.of(0, "lastName",
                1, "email", 2, "email"), "SKIP", "email", null, null))))
                .isInstanceOfSatisfying(InvalidFields.class, e -> assertThat(e.errors())
                        .extracting(InvalidFields.FieldError::field, InvalidFields.FieldError::messageKey)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("mapping[2]", "imports.mapping.twice")));
        assertThatThrownBy(() -> as(manager, () -> imports.map(id, new Imports.Mapping(Map.of(1, "email"), "SKIP",
                null, null, null)))).isInstanceOfSatisfying(InvalidFields.class, e -> assertThat(e.errors())
                        .extracting(InvalidFields.FieldError::messageKey).containsExactly("imports.mapping.required"));
        as(manager, () -> imports.map(id, new Imports.Mapping(Map.of(0, "lastName", 1, "email"), "SKIP", "email",
                null, null)));

        long again = upload("contacts", "b.csv", ("KTO;poczta;Drugi  mail\nNowak;n@" + marker + ".pl;\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(job(again).mapping()).as("the same headings, folded").containsExactlyEntriesOf(
                new java.util.TreeMap<>(Map.of(0, "lastName", 1, "email")));
    }

    @Test
    void the_preview_names_every_problem_and_refused_rows_come_back_as_csv_with_line_and_reason() {
        String csv = "Last name,E-mail,Country,Birthday,Tags\n"
                + "Good,good@" + marker + ".test,PL,1990-05-01,a;b\n"
                + ",nobody@" + marker + ".test,PL,,\n"
                + "Bad,not-an-email,Poland,31.02.1990,\n"
                + "=HYPERLINK(\"http://evil\"),evil@" + marker + ".test,XX,,\n";
        long id = upload("contacts", "mixed.csv", csv.getBytes(StandardCharsets.UTF_8));
        List<Imports.PreviewRow> preview = as(manager, () -> imports.preview(id));
        assertThat(preview).extracting(Imports.PreviewRow::line).containsExactly(2L, 3L, 4L, 5L);
        assertThat(preview.get(0).problems()).isEmpty();
        assertThat(preview.get(1).problems()).extracting(Imports.Problem::field).containsExactly("Last name");
        assertThat(preview.get(2).problems()).extracting(Imports.Problem::message).containsExactlyInAnyOrder(
                "„not-an-email“ is not an e-mail address.",
                "„Poland“ is not a two-letter country code (PL, CZ, DE…).",
                "„31.02.1990“ is not a date (2026-12-31 or 31.12.2026).");

        ImportJob done = run(id);
        assertThat(done.created()).isEqualTo(1);
        assertThat(done.refused()).isEqualTo(3);
        assertThat(as(manager, () -> imports.refused(id, 10))).extracting(Imports.Refused::line)
                .containsExactly(3L, 4L, 5L);
        StringWriter out = new StringWriter();
        as(manager, () -> {
            imports.refusedCsv(id, out);
            return null;
        });
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("\uFEFFLast name,E-mail,Country,Birthday,Tags,Line,Reason");
        assertThat(lines.get(1)).isEqualTo("\"\",nobody@" + marker + ".test,PL,,,3,\"Last name: Empty, but every record "
                + "needs it.\"");
        assertThat(lines.get(3)).as("a formula is written as text, never as a formula")
                .startsWith("\"'=HYPERLINK(\"\"http://evil\"\")\",evil@").endsWith(",5,\"Country: „XX“ is not a "
                        + "two-letter country code (PL, CZ, DE…).\"");
        assertThat(jdbc.sql("select tags from contacts where emails = array[cast(:e as text)]").param("e", "good@" + marker
                + ".test").query(String.class).single()).isEqualTo("{a,b}");
    }

    @Test
    void duplicates_are_skipped_or_updated_by_their_key_and_undo_takes_the_whole_import_back() {
        long kept = jdbc.sql("""
                insert into contacts (last_name, emails, job_title, city) values ('Stary', array[cast(:e as text)], 'Kierownik', 'Opole')
                returning id""").param("e", "old@" + marker + ".pl").query(Long.class).single();
        String csv = "Nazwisko,Email,Stanowisko\nStary,OLD@" + marker + ".pl,Prezes\nNowy,new@" + marker
                + ".pl,Handlowiec\nNowy2,new@" + marker + ".pl,Drugi raz\n";
        long skip = upload("contacts", "a.csv", csv.getBytes(StandardCharsets.UTF_8));
        ImportJob skipped = run(skip);
        assertThat(skipped.created()).isEqualTo(1);
        assertThat(skipped.skipped()).as("the one Klient had and the file's second row of the same e-mail")
                .isEqualTo(2);
        assertThat(jdbc.sql("select job_title from contacts where id = :id").param("id", kept).query(String.class)
                .single()).isEqualTo("Kierownik");
        as(manager, () -> imports.undo(skip));

        long update = upload("contacts", "b.csv", csv.getBytes(StandardCharsets.UTF_8));
        as(manager, () -> imports.map(update, new Imports.Mapping(job(update).mapping(), "UPDATE", "email", null,
                null)));
        ImportJob updated = run(update);
        assertThat(updated.updated()).isEqualTo(2);
        assertThat(updated.created()).isEqualTo(1);
        assertThat(jdbc.sql("select job_title || ' ' || city || ' ' || version from contacts where id = :id")
                .param("id", kept).query(String.class).single()).as("only the file's cells written")
                .isEqualTo("Prezes Opole 1");
        assertThat(emails("%@" + marker + ".pl")).containsExactly("old@" + marker + ".pl", "new@" + marker + ".pl");

        Imports.Undone undone = as(manager, () -> imports.undo(update));
        assertThat(undone.deleted()).isEqualTo(1);
        assertThat(undone.restored()).as("the one Klient had, and the file's second row over the new one")
                .isEqualTo(2);
        assertThat(emails("%@" + marker + ".pl")).containsExactly("old@" + marker + ".pl");
        assertThat(jdbc.sql("select job_title from contacts where id = :id").param("id", kept).query(String.class)
                .single()).isEqualTo("Kierownik");
        assertThat(job(update).state()).isEqualTo("UNDONE");
        assertThatThrownBy(() -> as(manager, () -> imports.undo(update))).isInstanceOfSatisfying(
                KlientException.class, e -> assertThat(e.messageKey()).isEqualTo("imports.notUndoable"));
    }

    @Test
    void a_file_of_several_batches_is_stored_batch_by_batch_each_row_recorded_with_its_own_record() {
        jdbc.sql("insert into contacts (last_name, emails) values ('Już jest', array[cast(:e as text)])")
                .param("e", "p7@" + marker + ".pl").update();
        StringBuilder csv = new StringBuilder("Imię,Nazwisko,Email,Telefon,Firma\n");
        int rows = ImportRunner.BATCH * 2 + 101;
        for (int i = 0; i < rows; i++) {
            // some with a phone, some in one of two companies: rows of a batch that fill different columns
            csv.append("Osoba,Nr").append(i).append(",p").append(i).append('@').append(marker).append(".pl,")
                    .append(i % 3 == 0 ? "+48 600 100 " + String.format("%03d", i % 1000) : "").append(',')
                    .append(i % 4 == 0 ? marker + " Alfa" : i % 4 == 1 ? marker + " Beta" : "").append('\n');
        }
        csv.append("Druga,Raz,P8@").append(marker).append(".pl,,\n");
        long id = upload("contacts", "duzy.csv", csv.toString().getBytes(StandardCharsets.UTF_8));

        ImportJob done = run(id);

        assertThat(done.created()).isEqualTo(rows - 1);
        assertThat(done.skipped()).as("the contact Klient had, and the file's second row of an e-mail").isEqualTo(2);
        assertThat(jdbc.sql("""
                select count(*) from import_rows r join contacts c on c.id = r.record_id
                where r.job_id = :id and r.outcome = 'CREATED'
                  and c.last_name = 'Nr' || (r.line - 2) and c.emails = array['p' || (r.line - 2) || '@' || :m || '.pl']""")
                .param("id", id).param("m", marker).query(Long.class).single())
                .as("each created row recorded with the contact made from it").isEqualTo(rows - 1);
        assertThat(jdbc.sql("select count(*) from companies where name like :m || ' %'").param("m", marker)
                .query(Long.class).single()).as("each company made once").isEqualTo(2);
        assertThat(jdbc.sql("""
                select count(*) from contacts c join companies co on co.id = c.company_id
                where c.emails[1] like '%@' || :m || '.pl' and co.name = :m || ' Alfa'""").param("m", marker)
                .query(Long.class).single()).isEqualTo((rows + 3) / 4);
    }

    @Test
    void a_row_the_database_refuses_is_refused_alone_and_the_rest_of_its_batch_is_stored() {
        String products = "SKU;Nazwa;Cena netto;Waluta;Stawka VAT\n" + marker + "-1;Śruba;1,20;PLN;23\n" + marker
                + "-2;Nakrętka;0,50;PLN;23\n" + marker + "-1;Śruba raz jeszcze;1,30;PLN;23\n";
        long id = upload("products", "produkty.csv", products.getBytes(StandardCharsets.UTF_8));
        as(manager, () -> imports.map(id, new Imports.Mapping(job(id).mapping(), "CREATE", null, null, null)));

        ImportJob done = run(id);

        assertThat(done.created()).isEqualTo(2);
        assertThat(done.refused()).as("a second product of the same SKU").isEqualTo(1);
        assertThat(as(manager, () -> imports.refused(id, 5)).get(0).line()).isEqualTo(4);
        assertThat(jdbc.sql("select name from products where lower(sku) like lower(:m) || '-%' order by sku")
                .param("m", marker).query(String.class).list()).containsExactly("Śruba", "Nakrętka");
    }

    @Test
    void undo_keeps_a_record_somebody_changed_after_the_import() {
        long kept = jdbc.sql("insert into contacts (last_name, emails, city) values ('Zmieniony', array[cast(:e as text)], 'Opole') "
                + "returning id").param("e", "ch@" + marker + ".pl").query(Long.class).single();
        long id = upload("contacts", "a.csv", ("Nazwisko,Email,Miasto\nZmieniony,ch@" + marker + ".pl,Radom\n")
                .getBytes(StandardCharsets.UTF_8));
        as(manager, () -> imports.map(id, new Imports.Mapping(job(id).mapping(), "UPDATE", "email", null, null)));
        run(id);
        jdbc.sql("update contacts set city = 'Kielce', version = version + 1 where id = :id").param("id", kept)
                .update();
        Imports.Undone undone = as(manager, () -> imports.undo(id));
        assertThat(undone.kept()).isEqualTo(1);
        assertThat(jdbc.sql("select city from contacts where id = :id").param("id", kept).query(String.class)
                .single()).isEqualTo("Kielce");
    }

    @Test
    void undo_keeps_a_record_the_import_made_and_somebody_changed_since() {
        long id = upload("contacts", "a.csv", ("Nazwisko,Email\nNowy,made@" + marker + ".pl\nInny,other@" + marker
                + ".pl\n").getBytes(StandardCharsets.UTF_8));
        run(id);
        long made = jdbc.sql("select id from contacts where emails = array[cast(:e as text)]")
                .param("e", "made@" + marker + ".pl").query(Long.class).single();
        apiAs(Role.ADMIN).putJson("/api/v1/contacts/" + made, """
                {"lastName": "Nowy", "jobTitle": "Changed after the import", "emails": ["made@%s.pl"], "version": 0}"""
                .formatted(marker));

        Imports.Undone undone = as(manager, () -> imports.undo(id));

        assertThat(undone.deleted()).isEqualTo(1);
        assertThat(undone.kept()).isEqualTo(1);
        assertThat(jdbc.sql("select job_title from contacts where id = :id").param("id", made).query(String.class)
                .single()).isEqualTo("Changed after the import");
    }

    @Test
    void undo_takes_back_the_companies_the_import_made_unless_they_are_in_use_or_changed_since() {
        long older = jdbc.sql("insert into companies (name) values (:n) returning id").param("n", marker + " Stara")
                .query(Long.class).single();
        String csv = "Nazwisko;Email;Firma\nA;a@" + marker + ".pl;" + marker + " Nowa\nB;b@" + marker + ".pl;" + marker
                + " Stara\nC;c@" + marker + ".pl;" + marker + " Używana\nD;d@" + marker + ".pl;" + marker
                + " Zmieniona\nE;e@" + marker + ".pl;" + marker + " Nowa\n";
        long id = upload("contacts", "firmy.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(run(id).created()).isEqualTo(5);
        jdbc.sql("insert into contacts (last_name, company_id) select 'Dodany potem', id from companies where name = :n")
                .param("n", marker + " Używana").update();
        jdbc.sql("update companies set industry = 'IT', version = version + 1 where name = :n")
                .param("n", marker + " Zmieniona").update();

        Imports.Undone undone = as(manager, () -> imports.undo(id));

        assertThat(undone.deleted()).as("the five contacts and the company only they had").isEqualTo(6);
        assertThat(undone.kept()).as("a company somebody uses now, and one somebody changed").isEqualTo(2);
        assertThat(jdbc.sql("select name from companies where name like :m || ' %' order by name")
                .param("m", marker).query(String.class).list())
                .containsExactly(marker + " Stara", marker + " Używana", marker + " Zmieniona");
        assertThat(jdbc.sql("select count(*) from companies where id = :id").param("id", older).query(Long.class)
                .single()).as("a company Klient had before the import").isEqualTo(1);
    }

    @Test
    void a_draft_is_deleted_with_its_file_and_a_started_import_is_not() {
        Http api = api(manager).language("pl");
        byte[] file = ("Nazwisko;Email\nSzkic;szkic@" + marker + ".pl\n").getBytes(StandardCharsets.UTF_8);
        long draft = upload("contacts", "szkic.csv", file);

        assertThat(api.delete("/api/v1/imports/" + draft).status()).isEqualTo(204);

        assertThat(jdbc.sql("select count(*) from import_jobs where id = :id").param("id", draft).query(Long.class)
                .single()).isZero();
        assertThat(jdbc.sql("select count(*) from import_files where job_id = :id").param("id", draft)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("""
                select summary from audit_events where action = 'IMPORT' and entity_id = :id and actor_id = :user""")
                .param("id", String.valueOf(draft)).param("user", manager.id()).query(String.class).list())
                .containsExactly("Draft import of 1 rows from szkic.csv deleted");
        assertThat(api.delete("/api/v1/imports/" + draft).status()).as("gone").isEqualTo(404);

        long started = upload("contacts", "szkic.csv", file);
        run(started);
        Http.Response refused = api.delete("/api/v1/imports/" + started);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body()).contains("Usunąć można tylko szkic");
        assertThat(job(started).state()).isEqualTo("DONE");
        assertThat(apiAs(Role.SALES).delete("/api/v1/imports/" + upload("contacts", "szkic.csv", file)).status())
                .as("another's draft is not seen").isEqualTo(404);

        Http browser = signedIn(manager);
        long page = upload("contacts", "szkic.csv", file);
        assertThat(browser.get("/imports/" + page).body()).contains("/imports/" + page + "/delete");
        Http.Response deleted = browser.postForm("/imports/" + page + "/delete", Map.of());
        assertThat(deleted.status()).isEqualTo(302);
        assertThat(deleted.location()).endsWith("/imports");
        assertThat(jdbc.sql("select count(*) from import_jobs where id = :id").param("id", page).query(Long.class)
                .single()).isZero();

        long drafts = count("import_jobs");
        Http.Response broken = browser.postMultipart("/imports", Map.of("kind", "contacts"), "file",
                new Http.Part("ludzie.xlsx", "application/octet-stream", "PK\u0003\u0004 not really a workbook"
                        .getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(broken.location()).as("refused, back to the list").endsWith("/imports");
        assertThat(count("import_jobs")).as("a refused upload leaves no draft").isEqualTo(drafts);
    }

    @Test
    void an_erased_person_leaves_the_imports_and_a_draft_cannot_bring_them_back() {
        String person = "zofia.erased@" + marker + ".pl";
        byte[] file = ("Imię;Nazwisko;Email;Telefon\nZofia;Wymazana" + marker + ";" + person + ";+48 601 555 111\n"
                + "Adam;Zostaje" + marker + ";adam@" + marker + ".pl;\n;;zle@;\n").getBytes(Charset.forName("windows-1250"));
        long done = upload("contacts", "osoby.csv", file);
        run(done);
        long draft = upload("contacts", "osoby.csv", file);

        Http.Response erased = apiAs(Role.ADMIN).postJson("/api/v1/privacy/erasures", """
                {"email": "%s", "reason": "CONSENT_WITHDRAWN", "requestedBy": "PERSON"}""".formatted(person));

        assertThat(erased.status()).as(erased.body()).isEqualTo(201);
        for (long id : new long[] { done, draft }) {
            assertThat(new String(jdbc.sql("select data from import_files where job_id = :id").param("id", id)
                    .query(byte[].class).single(), StandardCharsets.UTF_8)).as("the uploaded file")
                    .doesNotContainIgnoringCase("Wymazana").doesNotContain(person).contains("Zostaje" + marker);
            assertThat(as(manager, () -> imports.columns(id)).toString()).doesNotContain("Wymazana");
        }
        assertThat(jdbc.sql("select count(*) from import_rows where job_id = :id and cells::text || coalesce(before::text, '')"
                + " ilike '%wymazana%'").param("id", done).query(Long.class).single()).isZero();
        ImportJob again = run(draft);
        assertThat(again.created() + again.skipped()).as("only Adam is left in the draft").isEqualTo(1);
        assertThat(emails("%" + person)).isEmpty();
    }

    @Test
    void a_person_held_only_in_imports_is_found_shown_by_name_and_exported_as_the_erasure_would_change_them()
            throws java.io.IOException {
        String person = "jan.bez.nazwiska@" + marker + ".pl";
        byte[] file = ("Imię;Nazwisko;Email\nJan;;" + person + "\nAdam;Zostaje" + marker + ";adam@" + marker
                + ".pl\n").getBytes(StandardCharsets.UTF_8);
        long done = upload("contacts", "osoby.csv", file);
        assertThat(run(done).refused()).as("no surname: refused").isEqualTo(1);
        upload("contacts", "osoby.csv", file);
        Http admin = apiAs(Role.ADMIN);

        JsonNode rows = admin.get("/api/v1/privacy/person?email=" + person).json().get("rows");
        String page = administrator().get("/admin/privacy/person?email=" + person).body();
        byte[] zip = admin.postJsonForBytes("/api/v1/privacy/exports", "{\"email\": \"" + person + "\"}");

        assertThat(rows.get("imports/import_rows").asInt()).as("the refused line").isEqualTo(1);
        assertThat(rows.get("imports/import_files").asInt()).as("its line in both uploaded files").isEqualTo(2);
        assertThat(page).contains("Lines of imports", "Lines of uploaded import files").doesNotContain("imports/");
        Map<String, String> entries = new java.util.HashMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null;) {
                entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(entries.get("imports/import_rows.json")).contains(person, "REFUSED").doesNotContain("Zostaje");
        assertThat(entries.get("imports/import_files.json")).contains(person, "Email", "osoby.csv")
                .doesNotContain("Zostaje");

        Http.Response erased = admin.postJson("/api/v1/privacy/erasures", """
                {"email": "%s", "reason": "CONSENT_WITHDRAWN", "requestedBy": "PERSON"}""".formatted(person));
        assertThat(erased.status()).as(erased.body()).isEqualTo(201);
        assertThat(erased.json().get("result").get("changed").get("import_rows").asInt()).isEqualTo(1);
        assertThat(erased.json().get("result").get("changed").get("import_files").asInt()).isEqualTo(2);
        assertThat(admin.get("/api/v1/privacy/person?email=" + person).json().get("rows").isEmpty()).isTrue();
    }

    @Test
    void a_company_a_contact_import_makes_belongs_to_the_importing_user_in_the_row_s_country() {
        long id = upload("contacts", "ludi.csv", ("Jméno;Příjmení;Email;Firma;Země\nEva;Nová;eva@" + marker
                + ".cz;" + marker + " Nová s.r.o.;CZ\nIvo;Bez;ivo@" + marker + ".cz;" + marker + " Bez země;\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(run(id).created()).isEqualTo(2);

        List<String> companies = jdbc.sql("select name || ' ' || coalesce(country, '-') || ' ' || owner_id"
                + " from companies where name like :p order by name").param("p", marker + "%").query(String.class)
                .list();
        assertThat(companies).containsExactly(marker + " Bez země - " + manager.id(),
                marker + " Nová s.r.o. CZ " + manager.id());
    }

    @Test
    void two_people_undoing_one_import_at_once_undo_it_once() {
        long id = upload("contacts", "a.csv", ("Nazwisko,Email\nRaz,raz@" + marker + ".pl\n")
                .getBytes(StandardCharsets.UTF_8));
        run(id);
        List<String> outcomes = Race.run(() -> undoOutcome(id), () -> undoOutcome(id));
        assertThat(outcomes).containsExactlyInAnyOrder("undone 1", "imports.notUndoable");
        assertThat(emails("%@" + marker + ".pl")).isEmpty();
    }

    private String undoOutcome(long id) {
        try {
            return "undone " + as(manager, () -> imports.undo(id)).deleted();
        }
        catch (KlientException e) {
            return e.messageKey();
        }
    }

    @Test
    void companies_by_an_external_id_then_deals_products_and_leads() {
        String companies = "ID;Nazwa firmy;NIP;Kraj;Branża\nA-1;" + marker + " Alfa sp. z o.o.;5250001009;PL;IT\n"
                + "A-2;" + marker + " Beta s.r.o.;;CZ;Stavebnictví\n";
        long first = upload("companies", "firmy.csv", companies.getBytes(StandardCharsets.UTF_8));
        assertThat(job(first).mapping()).containsEntry(0, Imports.EXTERNAL_ID).containsEntry(1, "name")
                .containsEntry(2, "taxId");
        assertThat(job(first).matchKey()).as("an ID column may be Klient's own: the tax id finds records either way")
                .isEqualTo("taxId");
        assertThat(run(first).created()).isEqualTo(2);
        long second = upload("companies", "firmy2.csv", companies.replace("IT", "Software")
                .getBytes(StandardCharsets.UTF_8));
        as(manager, () -> imports.map(second, new Imports.Mapping(job(second).mapping(), "UPDATE",
                Imports.EXTERNAL_ID, null, null)));
        ImportJob again = run(second);
        assertThat(again.updated()).isEqualTo(2);
        assertThat(again.created()).isZero();
        assertThat(jdbc.sql("select country || ' ' || billing_country from companies where name = :n")
                .param("n", marker + " Beta s.r.o.").query(String.class).single())
                .as("the company's own country, which lists filter by, and its address's").isEqualTo("CZ CZ");
        assertThat(jdbc.sql("select industry from companies where name = :n").param("n", marker + " Alfa sp. z o.o.")
                .query(String.class).single()).isEqualTo("Software");

        String deals = "Nazwa;Kwota;Waluta;Firma;Termin\n" + marker + " wdrożenie;12 500,50;PLN;" + marker
                + " Alfa sp. z o.o.;31.01.2027\n" + marker + " nic;10;PLN;Nieznana firma;\n";
        long dealImport = upload("deals", "szanse.csv", deals.getBytes(StandardCharsets.UTF_8));
        ImportJob dealsDone = run(dealImport);
        assertThat(dealsDone.created()).isEqualTo(1);
        assertThat(as(manager, () -> imports.refused(dealImport, 5)).get(0).message())
                .isEqualTo("Klient has no company „Nieznana firma“; import the companies first.");
        assertThat(jdbc.sql("""
                select d.amount || ' ' || d.currency || ' ' || d.expected_close_date || ' ' || d.status || ' '
                    || (d.owner_id = :owner) from deals d where d.name = :n""").param("n", marker + " wdrożenie")
                .param("owner", manager.id()).query(String.class).single())
                .isEqualTo("12500.50 PLN 2027-01-31 OPEN true");

        String products = "SKU;Nazwa;Cena netto;Waluta;Stawka VAT\n" + marker + "-1;Śruba;1,20;PLN;23\n" + marker
                + "-2;Nakrętka;0.5;PLN;123\n";
        long productImport = upload("products", "produkty.csv", products.getBytes(StandardCharsets.UTF_8));
        assertThat(job(productImport).matchKey()).isEqualTo("sku");
        ImportJob productsDone = run(productImport);
        assertThat(productsDone.created()).isEqualTo(1);
        assertThat(productsDone.refused()).isEqualTo(1);

        String leads = "Imię;Nazwisko;Email;Kampania\nJan;;jan@" + marker + ".pl;zima\n;;;zima\n";
        ImportJob leadsDone = run(upload("leads", "leady.csv", leads.getBytes(StandardCharsets.UTF_8)));
        assertThat(leadsDone.created()).isEqualTo(1);
        assertThat(leadsDone.refused()).as("a lead without any name").isEqualTo(1);
        assertThat(jdbc.sql("select source || ' ' || utm_campaign from leads where email = :e")
                .param("e", "jan@" + marker + ".pl").query(String.class).single()).isEqualTo("IMPORT zima");
    }

    @Test
    void custom_fields_are_columns_too() {
        String key = "imp" + marker.substring(3, 8);
        jdbc.sql("""
                insert into custom_field_definitions (entity, key, type, label_en, label_pl, label_cs)
                values ('CONTACT', :key, 'NUMBER', 'Shoe size', 'Rozmiar buta', 'Velikost bot')""").param("key", key)
                .update();
        try {
            long id = upload("contacts", "a.csv", ("Nazwisko;Rozmiar buta\nWysoki;46\n").getBytes(StandardCharsets.UTF_8));
            assertThat(job(id).mapping()).containsEntry(1, "custom." + key);
            run(id);
            assertThat(jdbc.sql("select custom_fields ->> :key from contacts where last_name = 'Wysoki' "
                    + "and jsonb_exists(custom_fields, :key)").param("key", key).query(String.class).list()).containsExactly("46");
        }
        finally {
            jdbc.sql("update custom_field_definitions set active = false where key = :key").param("key", key).update();
        }
    }

    @Test
    void bad_files_are_refused_with_their_reason_and_nothing_is_stored() {
        long before = count("import_jobs");
        assertThat(refusal(new byte[0])).isEqualTo("imports.file.empty");
        assertThat(refusal("Last name\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("imports.file.noRows");
        byte[] binary = new byte[2048];
        new java.util.Random(7).nextBytes(binary);
        binary[0] = (byte) 0x89;
        binary[1] = 'P';
        assertThat(refusal(binary)).isEqualTo("imports.file.binary");
        assertThat(refusal(("c0" + ",c".repeat(9_999) + "\n" + "x,".repeat(9_999) + "x\n")
                .getBytes(StandardCharsets.UTF_8))).isEqualTo("imports.file.tooManyColumns");
        assertThat(refusal("Last name,Note\nKowalski,\"ends in a quote that never clo".getBytes(
                StandardCharsets.UTF_8))).isEqualTo("imports.file.cut");
        assertThat(refusal("PK\u0003\u0004 not really a workbook".getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo("imports.file.unreadable");
        assertThat(refusal("BEGIN:VCARD\nN:Cut;Off\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("imports.file.cut");
        Object limit = ReflectionTestUtils.getField(imports, "maxBytes");
        ReflectionTestUtils.setField(imports, "maxBytes", 1024L);
        try {
            assertThat(refusal(("Last name\n" + "Kowalski\n".repeat(200)).getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo("imports.file.tooLarge");
        }
        finally {
            ReflectionTestUtils.setField(imports, "maxBytes", limit);
        }
        assertThat(count("import_jobs")).isEqualTo(before);
    }

    private String refusal(byte[] file) {
        try {
            upload("contacts", "bad.csv", file);
            return "accepted";
        }
        catch (InvalidFields e) {
            assertThat(e.errors().get(0).field()).isEqualTo("file");
            return e.errors().get(0).messageKey();
        }
    }

    @Test
    void over_the_api_in_polish_with_problem_details_and_the_role_checked() {
        Http api = api(manager).language("pl");
        Http.Response created = api.postRaw("/api/v1/imports?kind=contacts&filename=k.csv", "text/csv",
                "Nazwisko;E-mail\nKowal;kowal@" + marker + ".pl\n");
        assertThat(created.status()).isEqualTo(201);
        JsonNode detail = created.json();
        long id = detail.path("job").path("id").asLong();
        assertThat(detail.path("job").path("mapping").path("1").asString()).isEqualTo("email");
        assertThat(detail.path("columns").path(0).path("samples").path(0).asString()).isEqualTo("Kowal");
        assertThat(detail.path("fields").path(0).path("label").asString()).isEqualTo("Imię");

        Http.Response twice = api.putJson("/api/v1/imports/" + id + "/mapping",
                "{\"columns\": {\"0\": \"lastName\", \"1\": \"lastName\"}}");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.contentType()).startsWith("application/problem+json");
        assertThat(twice.body()).contains("mapping[1]").contains("jedno pole przyjmuje jedną kolumnę");

        assertThat(api.get("/api/v1/imports/" + id + "/preview").json().path(0).path("line").asLong()).isEqualTo(2);
        assertThat(api.postJson("/api/v1/imports/" + id + "/start", "{}").status()).isEqualTo(202);
        while (runner.runNext()) {
            // the import, in the background as it would be
        }
        JsonNode done = api.get("/api/v1/imports/" + id).json();
        assertThat(done.path("job").path("state").asString()).isEqualTo("DONE");
        assertThat(done.path("done").asLong()).isEqualTo(1);
        assertThat(done.path("percent").asInt()).isEqualTo(100);

        Http other = apiAs(Role.SALES);
        assertThat(other.get("/api/v1/imports/" + id).status()).as("another's import is not seen").isEqualTo(404);
        assertThat(apiAs(Role.READ_ONLY).get("/api/v1/imports").status()).isEqualTo(403);
        assertThat(other.postRaw("/api/v1/imports?kind=products", "text/csv", "SKU\nx\n").status())
                .as("products are the managers'").isEqualTo(403);
        assertThat(api.postJson("/api/v1/imports/" + id + "/undo", "{}").json().path("deleted").asLong())
                .isEqualTo(1);
    }

    @Test
    void the_pages_walk_from_upload_to_the_result() {
        Http browser = signedIn(manager);
        assertThat(browser.get("/imports").status()).isEqualTo(200);
        Http.Response uploaded = browser.postMultipart("/imports", Map.of("kind", "contacts"), "file",
                new Http.Part("lidé.csv", "text/csv", ("Příjmení;E-mail\nŠťastný;novak@" + marker + ".cz\nx;bad\n")
                        .getBytes(Charset.forName("windows-1250"))));
        assertThat(uploaded.status()).isEqualTo(302);
        String page = uploaded.location();
        long id = Long.parseLong(page.substring(page.lastIndexOf('/') + 1));
        String draft = browser.get("/imports/" + id).body();
        assertThat(draft).contains("windows-1250").contains("Šťastný").contains("is not an e-mail address");
        assertThat(browser.postForm("/imports/" + id + "/mapping", Map.of("column0", "lastName", "column1", "email",
                "duplicates", "SKIP", "matchKey", "email", "encoding", "windows-1250", "delimiter", ";")).status())
                .isEqualTo(302);
        assertThat(browser.postForm("/imports/" + id + "/start", Map.of()).status()).isEqualTo(302);
        String queued = browser.get("/imports/" + id, Map.of("HX-Request", "true")).body();
        assertThat(queued).contains("hx-trigger=\"every 1s\"").doesNotContain("<html");
        while (runner.runNext()) {
            // the import, in the background as it would be
        }
        String result = browser.get("/imports/" + id).body();
        assertThat(result).contains("/imports/" + id + "/refused.csv").doesNotContain("every 1s");
        Http.Response csv = browser.get("/imports/" + id + "/refused.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).contains("x;bad;3;");
    }
}
