package app.klient.customers.web;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import app.klient.customers.CustomFieldDefinition;
import app.klient.customers.CustomFieldForm;
import app.klient.customers.CustomFields;
import app.klient.customers.CustomerType;
import app.klient.customers.FieldType;
import app.klient.platform.KlientException;
import app.klient.platform.web.FormErrors;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The administrator's custom fields. Options are typed one per line: {@code key | English | Polski | Čeština}. */
@Controller
@RequestMapping("/admin/custom-fields")
class CustomFieldPages {

    private final CustomFields customFields;

    CustomFieldPages(CustomFields customFields) {
        this.customFields = customFields;
    }

    record PageForm(@NotNull CustomerType entity,
            @NotBlank @Pattern(regexp = "[a-z][a-zA-Z0-9]{0,39}", message = "{customField.key.format}") String key,
            @NotNull FieldType type, @NotBlank @Size(max = 100) String labelEn, @NotBlank @Size(max = 100) String labelPl,
            @NotBlank @Size(max = 100) String labelCs, @Size(max = 20_000) String options, Boolean required,
            Integer position, Integer version) {

        CustomFieldForm toForm() {
            List<CustomFieldDefinition.Option> parsed = new ArrayList<>();
            if (options != null) {
                for (String line : options.split("\\R")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] parts = line.split("\\|", -1);
                    parsed.add(new CustomFieldDefinition.Option(parts[0].strip(),
                            parts.length > 1 ? parts[1].strip() : "", parts.length > 2 ? parts[2].strip() : "",
                            parts.length > 3 ? parts[3].strip() : ""));
                }
            }
            return new CustomFieldForm(entity, key, type, labelEn, labelPl, labelCs, parsed, required, position,
                    version);
        }

        static PageForm of(CustomFieldDefinition d) {
            String options = d.options().stream()
                    .map(o -> o.key() + " | " + o.labelEn() + " | " + o.labelPl() + " | " + o.labelCs())
                    .collect(Collectors.joining("\n"));
            return new PageForm(d.entity(), d.key(), d.type(), d.labelEn(), d.labelPl(), d.labelCs(), options,
                    d.required(), d.position(), d.version());
        }
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("form", new PageForm(CustomerType.COMPANY, "", FieldType.TEXT, "", "", "", "", false, 0,
                null));
        return listPage(model);
    }

    @PostMapping
    String define(@Valid @ModelAttribute("form") PageForm form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            return listPage(model);
        }
        try {
            customFields.define(form.toForm());
        }
        catch (KlientException e) {
            FormErrors.apply(e, errors);
            return listPage(model);
        }
        redirect.addFlashAttribute("flash", "customField.created");
        return "redirect:/admin/custom-fields";
    }

    @GetMapping("/{id}")
    String edit(@PathVariable long id, Model model) {
        CustomFieldDefinition field = customFields.get(id);
        model.addAttribute("field", field);
        model.addAttribute("form", PageForm.of(field));
        model.addAttribute("types", FieldType.values());
        return "admin/custom-field-edit";
    }

    @PostMapping("/{id}")
    String change(@PathVariable long id, @Valid @ModelAttribute("form") PageForm form, BindingResult errors,
            Model model, RedirectAttributes redirect) {
        CustomFieldDefinition field = customFields.get(id);
        model.addAttribute("field", field);
        model.addAttribute("types", FieldType.values());
        if (errors.hasErrors()) {
            return "admin/custom-field-edit";
        }
        try {
            customFields.change(id, form.toForm());
        }
        catch (KlientException e) {
            FormErrors.apply(e, errors);
            return "admin/custom-field-edit";
        }
        redirect.addFlashAttribute("flash", "customField.saved");
        return "redirect:/admin/custom-fields";
    }

    @PostMapping("/{id}/active")
    String setActive(@PathVariable long id, @RequestParam boolean active, RedirectAttributes redirect) {
        customFields.setActive(id, active);
        redirect.addFlashAttribute("flash", active ? "customField.activated" : "customField.retired");
        return "redirect:/admin/custom-fields";
    }

    private String listPage(Model model) {
        model.addAttribute("companyFields", customFields.all(CustomerType.COMPANY));
        model.addAttribute("contactFields", customFields.all(CustomerType.CONTACT));
        model.addAttribute("types", FieldType.values());
        model.addAttribute("entities", CustomerType.values());
        return "admin/custom-fields";
    }
}
