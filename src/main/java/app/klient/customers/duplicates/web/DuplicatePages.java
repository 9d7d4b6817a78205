package app.klient.customers.duplicates.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.klient.customers.CustomerType;
import app.klient.customers.duplicates.DuplicateFinder;
import app.klient.customers.duplicates.MergePreview;
import app.klient.customers.duplicates.MergeRequest;
import app.klient.customers.duplicates.Merges;
import app.klient.customers.internal.CustomerAccess;
import app.klient.platform.KlientException;
import app.klient.platform.web.Flash;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The review queue of possible duplicates and the merge page, for companies and for contacts. */
@Controller
@RequestMapping("/duplicates")
class DuplicatePages {

    private final DuplicateFinder finder;
    private final Merges merges;

    DuplicatePages(DuplicateFinder finder, Merges merges) {
        this.finder = finder;
        this.merges = merges;
    }

    @GetMapping
    String start() {
        return "redirect:/duplicates/companies";
    }

    @GetMapping("/{records:companies|contacts}")
    String queue(@PathVariable String records, @RequestParam(required = false) Integer page, Model model) {
        CustomerType kind = kind(records);
        int number = page == null || page < 0 ? 0 : Math.min(page, 10_000);
        model.addAttribute("records", records);
        model.addAttribute("pairs", finder.queue(kind, PageRequest.of(number, 25)));
        model.addAttribute("listBase", "/duplicates/" + records + "?");
        model.addAttribute("canAct", CustomerAccess.canCreate());
        return "customers/duplicates";
    }

    @PostMapping("/{records:companies|contacts}/scan")
    String scan(@PathVariable String records, RedirectAttributes redirect) {
        int pairs = finder.scan(kind(records));
        redirect.addFlashAttribute("flash", "duplicates.scanned");
        redirect.addFlashAttribute("flashArgs", new Object[] { pairs, "" });
        return "redirect:/duplicates/" + records;
    }

    @PostMapping("/{records:companies|contacts}/dismissals")
    String dismiss(@PathVariable String records, @RequestParam long firstId, @RequestParam long secondId,
            RedirectAttributes redirect) {
        finder.dismiss(kind(records), firstId, secondId);
        redirect.addFlashAttribute("flash", "duplicates.dismissed");
        return "redirect:/duplicates/" + records;
    }

    @GetMapping("/{records:companies|contacts}/merge")
    String mergePage(@PathVariable String records, @RequestParam(required = false) List<Long> ids, Model model) {
        CustomerAccess.checkCreate();
        MergePreview preview = merges.preview(kind(records), ids);
        model.addAttribute("records", records);
        model.addAttribute("preview", preview);
        return "customers/merge";
    }

    @PostMapping("/{records:companies|contacts}/merge")
    String merge(@PathVariable String records, @RequestParam(required = false) Long survivorId,
            @RequestParam(required = false) List<Long> ids, HttpServletRequest request, RedirectAttributes redirect) {
        CustomerAccess.checkCreate();
        if (survivorId == null || ids == null) {
            throw KlientException.invalid("duplicates.merge.tooFew");
        }
        Map<String, Long> fields = new LinkedHashMap<>();
        Map<Long, Integer> versions = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (values.length == 0 || values[0].isBlank()) {
                return;
            }
            try {
                if (name.startsWith("field.")) {
                    fields.put(name.substring(6), Long.parseLong(values[0]));
                }
                else if (name.startsWith("version.")) {
                    versions.put(Long.parseLong(name.substring(8)), Integer.parseInt(values[0]));
                }
            }
            catch (NumberFormatException e) {
                throw KlientException.invalid("error.invalid");
            }
        });
        List<Long> merged = new ArrayList<>(ids.stream().distinct().toList());
        merged.remove(Long.valueOf(survivorId));
        try {
            merges.merge(kind(records), new MergeRequest(survivorId, merged, fields, versions));
        }
        catch (KlientException refused) {
            // the merge page shows the records as they were: a refusal (merged meanwhile, changed, a choice the
            // survivor cannot take) is told on the queue, which shows what is left to do
            Flash.error(refused, redirect);
            return "redirect:/duplicates/" + records;
        }
        redirect.addFlashAttribute("flash", "duplicates.merged");
        return "redirect:/" + records + "/" + survivorId;
    }

    private static CustomerType kind(String records) {
        return "companies".equals(records) ? CustomerType.COMPANY : CustomerType.CONTACT;
    }
}
