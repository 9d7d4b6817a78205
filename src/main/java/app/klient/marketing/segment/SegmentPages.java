package app.klient.marketing.segment;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.identity.Permission;
import app.klient.marketing.SegmentFilter;
import app.klient.marketing.SegmentForm;
import app.klient.marketing.SegmentKind;
import app.klient.marketing.SegmentMember;
import app.klient.marketing.SegmentView;
import app.klient.marketing.Segments;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
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
 * The segment pages: the list, the builder (AND/OR groups of rules, the size and a sample while one builds), a
 * segment's members, and a static list's additions by hand, by CSV and from a snapshot.
 */
@Controller
@RequestMapping("/marketing/segments")
class SegmentPages {

    private final Segments segments;
    private final SegmentBuilder builder;
    private final MessageSource messages;

    SegmentPages(Segments segments, SegmentBuilder builder, MessageSource messages) {
        this.segments = segments;
        this.builder = builder;
        this.messages = messages;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("segments", segments.list());
        model.addAttribute("canChange", Permission.MARKETING.granted());
        return "marketing/segments/list";
    }

    /** The size of one segment, loaded by the list after it shows (a big segment takes a moment to count). */
    @GetMapping("/{id}/size")
    String size(@PathVariable long id, Model model) {
        try {
            model.addAttribute("size", segments.count(id));
        }
        catch (KlientException e) {
            model.addAttribute("sizeError", e.messageKey());
        }
        return "marketing/segments/list :: size";
    }

    @GetMapping("/new")
    String create(@RequestParam(required = false) String kind, Model model) {
        Permission.MARKETING.check();
        SegmentKind chosen = "STATIC".equals(kind) ? SegmentKind.STATIC : SegmentKind.DYNAMIC;
        SegmentFilter filter = chosen == SegmentKind.DYNAMIC ? builder.apply(SegmentFilter.empty(), "addGroup") : null;
        return editor(model, null, "", "", chosen, filter, null, Map.of(), null);
    }

    @PostMapping
    String save(@RequestParam Map<String, String> form, HttpServletRequest request, Model model,
            RedirectAttributes redirect) {
        return saveOrRebuild(null, form, request, model, redirect);
    }

    @GetMapping("/{id}")
    String show(@PathVariable long id, @RequestParam(required = false) Long after, Model model) {
        SegmentView segment = segments.get(id);
        editor(model, segment, segment.name(), segment.description(), segment.kind(), segment.filter(),
                segment.version(), Map.of(), null);
        members(model, id, after == null ? 0 : after);
        return "marketing/segments/segment";
    }

    @PostMapping("/{id}")
    String change(@PathVariable long id, @RequestParam Map<String, String> form, HttpServletRequest request,
            Model model, RedirectAttributes redirect) {
        return saveOrRebuild(id, form, request, model, redirect);
    }

    /** The size and sample of the filter in the form: the builder's live preview (htmx) or its "Count" button. */
    @PostMapping("/preview")
    String preview(@RequestParam Map<String, String> form, Model model) {
        preview(model, builder.read(form));
        return "marketing/segments/segment :: preview";
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        segments.delete(id);
        redirect.addFlashAttribute("flash", "segment.deleted");
        return "redirect:/marketing/segments";
    }

    @PostMapping("/{id}/snapshot")
    String snapshot(@PathVariable long id, @RequestParam(required = false) String name, RedirectAttributes redirect) {
        SegmentView list = segments.snapshot(id, name);
        redirect.addFlashAttribute("flash", "segment.snapshotMade");
        return "redirect:/marketing/segments/" + list.id();
    }

    /** Contacts added by hand: e-mail addresses or contact ids, one a line (the same reader as a CSV). */
    @PostMapping("/{id}/members")
    String add(@PathVariable long id, @RequestParam(required = false) String contacts, RedirectAttributes redirect) {
        Segments.ImportResult result = segments.importCsv(id, new java.io.StringReader(contacts == null ? ""
                : contacts.length() > 200_000 ? contacts.substring(0, 200_000) : contacts));
        flashImport(result, redirect);
        return "redirect:/marketing/segments/" + id;
    }

    @PostMapping("/{id}/import")
    String importCsv(@PathVariable long id, @RequestParam(required = false) MultipartFile file,
            RedirectAttributes redirect) throws IOException {
        if (file == null || file.isEmpty()) {
            Permission.MARKETING.check();
            redirect.addFlashAttribute("flashError", "segment.import.empty");
            return "redirect:/marketing/segments/" + id;
        }
        Segments.ImportResult result = segments.importCsv(id,
                new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8));
        flashImport(result, redirect);
        return "redirect:/marketing/segments/" + id;
    }

    @PostMapping("/{id}/members/{contactId}/remove")
    String remove(@PathVariable long id, @PathVariable long contactId, RedirectAttributes redirect) {
        segments.remove(id, contactId);
        redirect.addFlashAttribute("flash", "segment.memberRemoved");
        return "redirect:/marketing/segments/" + id;
    }

    private static void flashImport(Segments.ImportResult result, RedirectAttributes redirect) {
        redirect.addFlashAttribute("flash", "segment.imported");
        redirect.addFlashAttribute("flashArgs", new Object[] { result.added(), result.notFound() });
        redirect.addFlashAttribute("importUnknown", result.unknown());
        redirect.addFlashAttribute("importNotFound", result.notFound());
    }

    private String saveOrRebuild(Long id, Map<String, String> form, HttpServletRequest request, Model model,
            RedirectAttributes redirect) {
        Permission.MARKETING.check();
        SegmentView current = id == null ? null : segments.get(id);
        SegmentKind kind = current != null ? current.kind()
                : "STATIC".equals(form.get("kind")) ? SegmentKind.STATIC : SegmentKind.DYNAMIC;
        SegmentFilter filter = kind == SegmentKind.DYNAMIC ? builder.read(form) : null;
        String action = form.getOrDefault("action", "save");
        Integer version = parseVersion(form.get("version"));
        String name = form.getOrDefault("name", "");
        String description = form.getOrDefault("description", "");
        boolean htmx = request.getHeader("HX-Request") != null;
        if (!action.equals("save")) {
            editor(model, current, name, description, kind, builder.apply(filter, action), version, Map.of(),
                    action.equals("count") ? "count" : null);
            if (current != null) {
                members(model, id, 0);
            }
            return htmx ? "marketing/segments/segment :: builder" : "marketing/segments/segment";
        }
        Map<String, String> errors = new LinkedHashMap<>();
        if (name.isBlank()) {
            errors.put("name", message("segment.nameRequired"));
        }
        else if (name.strip().length() > 100) {
            errors.put("name", message("segment.nameTooLong", 100));
        }
        if (description.length() > 500) {
            errors.put("description", message("segment.descriptionTooLong", 500));
        }
        if (errors.isEmpty()) {
            try {
                SegmentForm segmentForm = new SegmentForm(name, description, kind, filter, version);
                SegmentView saved = id == null ? segments.create(segmentForm) : segments.change(id, segmentForm);
                redirect.addFlashAttribute("flash", "segment.saved");
                return "redirect:/marketing/segments/" + saved.id();
            }
            catch (InvalidFields e) {
                e.errors().forEach(error -> errors.put(error.field(), message(error.messageKey(), error.arguments())));
            }
            catch (KlientException e) {
                if (e.status().value() == 404 || e.status().value() == 403) {
                    throw e;
                }
                errors.put("", message(e.messageKey(), e.arguments()));
            }
        }
        editor(model, current, name, description, kind, filter, version, errors, null);
        if (current != null) {
            members(model, id, 0);
        }
        model.addAttribute("status", 400);
        return htmx ? "marketing/segments/segment :: builder" : "marketing/segments/segment";
    }

    private String editor(Model model, SegmentView segment, String name, String description, SegmentKind kind,
            SegmentFilter filter, Integer version, Map<String, String> errors, String previewNow) {
        Locale locale = LocaleContextHolder.getLocale();
        model.addAttribute("segment", segment);
        model.addAttribute("name", name);
        model.addAttribute("description", description == null ? "" : description);
        model.addAttribute("kind", kind.name());
        model.addAttribute("version", version);
        model.addAttribute("errors", errors);
        model.addAttribute("canChange", Permission.MARKETING.granted());
        if (kind == SegmentKind.DYNAMIC) {
            SegmentFilter shown = filter == null ? SegmentFilter.empty() : filter;
            model.addAttribute("builder", builder.view(shown, locale));
            if (previewNow != null) {
                preview(model, shown);
            }
        }
        return "marketing/segments/segment";
    }

    private void preview(Model model, SegmentFilter filter) {
        try {
            model.addAttribute("preview", segments.preview(filter));
        }
        catch (InvalidFields e) {
            List<String> problems = new ArrayList<>();
            e.errors().forEach(error -> problems.add(message(error.messageKey(), error.arguments())));
            model.addAttribute("previewErrors", problems);
        }
        catch (KlientException e) {
            model.addAttribute("previewErrors", List.of(message(e.messageKey(), e.arguments())));
        }
    }

    private void members(Model model, long id, long after) {
        try {
            List<SegmentMember> page = segments.page(id, after, 25);
            model.addAttribute("members", page);
            model.addAttribute("nextAfter", page.size() == 25 ? page.get(page.size() - 1).contactId() : null);
            model.addAttribute("after", after);
        }
        catch (KlientException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            model.addAttribute("membersError", message(e.messageKey(), e.arguments()));
        }
    }

    private String message(String key, Object... arguments) {
        return messages.getMessage(key, arguments, key, LocaleContextHolder.getLocale());
    }

    private static Integer parseVersion(String value) {
        try {
            return value == null || value.isBlank() ? null : Integer.valueOf(value.strip());
        }
        catch (NumberFormatException e) {
            return -1;
        }
    }
}
