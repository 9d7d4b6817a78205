package app.klient.data.imports.web;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import app.klient.data.imports.ImportJob;
import app.klient.data.imports.Imports;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.Flash;
import app.klient.platform.web.Htmx;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The wizard's pages: the imports made and a form for a new one; then one page per import that is what the import
 * needs next (mapping and preview for a draft, a progress bar that polls while it runs, the result when done).
 */
@Controller
@RequestMapping("/imports")
class ImportPages {

    private static final int REFUSED_SHOWN = 100;

    private final Imports imports;

    ImportPages(Imports imports) {
        this.imports = imports;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("imports", imports.list());
        model.addAttribute("kinds", imports.kinds());
        model.addAttribute("maxMegabytes", imports.maxMegabytes());
        return "imports/list";
    }

    @PostMapping
    String upload(@RequestParam(required = false) String kind, @RequestParam(required = false) MultipartFile file,
            RedirectAttributes redirect) throws IOException {
        Imports.checkAllowed();
        try {
            if (file == null || file.isEmpty()) {
                throw new InvalidFields(List.of(new InvalidFields.FieldError("file", "imports.file.empty")));
            }
            if (file.getSize() > imports.maxMegabytes() * 1024 * 1024) {
                throw new InvalidFields(List.of(new InvalidFields.FieldError("file", "imports.file.tooLarge",
                        imports.maxMegabytes())));
            }
            long id = imports.upload(kind == null ? "" : kind, file.getOriginalFilename(), file.getBytes());
            return "redirect:/imports/" + id;
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
            return "redirect:/imports";
        }
    }

    /** The import's page; for htmx only its progress, which the page polls while the import runs. */
    @GetMapping("/{id}")
    String show(@PathVariable long id, Model model, HttpServletRequest request) {
        ImportJob job = imports.job(id);
        model.addAttribute("job", job);
        if (job.draft() && !Htmx.isHtmx(request)) {
            model.addAttribute("columns", imports.columns(id));
            List<Imports.Choice> fields = imports.fields(job.kind());
            model.addAttribute("fields", fields);
            model.addAttribute("labels", fields.stream().collect(java.util.stream.Collectors.toMap(Imports.Choice::key,
                    Imports.Choice::label, (a, b) -> a)));
            model.addAttribute("keys", imports.keys(job.kind()));
            model.addAttribute("preview", imports.preview(id));
            model.addAttribute("encodings", List.of("UTF-8", "windows-1250", "ISO-8859-2"));
        }
        if (!job.draft() && !job.working()) {
            model.addAttribute("refused", imports.refused(id, REFUSED_SHOWN));
        }
        return Htmx.view(request, "imports/show", "progress");
    }

    @PostMapping("/{id}/mapping")
    String map(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        Map<Integer, String> columns = new TreeMap<>();
        form.forEach((name, value) -> {
            if (name.matches("column\\d{1,4}") && value != null && !value.isBlank()) {
                columns.put(Integer.parseInt(name.substring(6)), value);
            }
        });
        try {
            imports.map(id, new Imports.Mapping(columns, form.get("duplicates"), form.get("matchKey"),
                    form.get("encoding"), form.get("delimiter")));
            redirect.addFlashAttribute("flash", "imports.mapping.saved");
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return "redirect:/imports/" + id;
    }

    @PostMapping("/{id}/start")
    String start(@PathVariable long id, RedirectAttributes redirect) {
        try {
            imports.start(id);
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return "redirect:/imports/" + id;
    }

    @PostMapping("/{id}/delete")
    String deleteDraft(@PathVariable long id, RedirectAttributes redirect) {
        try {
            imports.deleteDraft(id);
            redirect.addFlashAttribute("flash", "imports.draft.deleted");
            return "redirect:/imports";
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
            return "redirect:/imports/" + id;
        }
    }

    @GetMapping("/{id}/refused.csv")
    void refused(@PathVariable long id, HttpServletResponse response) throws IOException {
        ImportJob job = imports.job(id);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("refused-" + job.id() + ".csv", StandardCharsets.UTF_8).build().toString());
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        imports.refusedCsv(id, out);
        out.flush();
    }

    @PostMapping("/{id}/undo")
    String undo(@PathVariable long id, RedirectAttributes redirect) {
        try {
            Imports.Undone undone = imports.undo(id);
            redirect.addFlashAttribute("flash", "imports.undone");
            redirect.addFlashAttribute("flashArgs", new Object[] { undone.deleted(), undone.restored(),
                undone.kept() });
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return "redirect:/imports/" + id;
    }
}
