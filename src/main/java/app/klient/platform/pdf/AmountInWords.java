package app.klient.platform.pdf;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

import com.ibm.icu.text.PluralRules;
import com.ibm.icu.text.RuleBasedNumberFormat;
import com.ibm.icu.util.ULocale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * An amount in words as invoices in Poland and Czechia print it: "tysiąc dwieście trzydzieści cztery złote 50/100".
 * The number is spelled by ICU's rules for the language, in the gender of the currency's name
 * ({@code currency.CODE.gender}: masculine, feminine or neuter); the name takes the grammatical number the language
 * needs (złoty, złote, złotych) from {@code currency.CODE.one|few|many|other}, else the ISO code.
 */
@Component
public class AmountInWords {

    private final MessageSource messages;

    AmountInWords(MessageSource messages) {
        this.messages = messages;
    }

    public String of(BigDecimal amount, String currency, Locale locale) {
        BigDecimal rounded = amount.setScale(2, RoundingMode.HALF_UP);
        BigDecimal whole = rounded.abs().setScale(0, RoundingMode.DOWN);
        int cents = rounded.abs().subtract(whole).movePointRight(2).intValue();
        ULocale language = ULocale.forLocale(locale);
        RuleBasedNumberFormat spellout = new RuleBasedNumberFormat(language, RuleBasedNumberFormat.SPELLOUT);
        // "dwie korony", "dvě koruny": a feminine or neuter currency takes the numeral of its gender
        String gender = messages.getMessage("currency." + currency + ".gender", null, "masculine", locale);
        String ruleSet = "%spellout-cardinal-" + gender;
        if (java.util.Arrays.asList(spellout.getRuleSetNames()).contains(ruleSet)) {
            spellout.setDefaultRuleSet(ruleSet);
        }
        String words = spellout.format(whole);
        String category = PluralRules.forLocale(language).select(whole.doubleValue());
        String name = messages.getMessage("currency." + currency + "." + category, null, null, locale);
        if (name == null) {
            name = messages.getMessage("currency." + currency + ".other", null, currency, locale);
        }
        return (rounded.signum() < 0 ? messages.getMessage("amount.minus", null, "minus", locale) + " " : "")
                + words + " " + name + " " + String.format(Locale.ROOT, "%02d/100", cents);
    }
}
