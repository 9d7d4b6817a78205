package app.klient.search.web;

import java.util.List;

import app.klient.platform.web.Htmx;
import app.klient.search.GlobalSearch;
import app.klient.search.SearchKind;
import app.klient.search.SearchRequest;
import app.klient.search.Visibility;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The search page and the quick results under the header's box, one URL: the whole page for a normal request, its
 * results for the page's own box (htmx), and the short dropdown when htmx asks for the header's {@code #search-quick}.
 */
@Controller
class SearchPages {

    /** Records per kind: a few under the header's box, more on the page, the most when one kind is chosen. */
    static final int QUICK = 4;
    static final int PAGE = 10;

    private final GlobalSearch search;

    SearchPages(GlobalSearch search) {
        this.search = search;
    }

    @GetMapping("/search")
    String search(@RequestParam(required = false) String q, @RequestParam(required = false) String kind,
            HttpServletRequest request, Model model) {
        boolean quick = Htmx.isHtmx(request) && "search-quick".equals(request.getHeader("HX-Target"));
        List<String> kinds = kind == null || kind.isBlank() ? List.of() : List.of(kind);
        int limit = quick ? QUICK : kinds.isEmpty() ? PAGE : SearchParameters.MOST;
        SearchRequest wanted = SearchParameters.request(q, kinds, limit, limit);
        String text = q == null ? "" : q.strip();
        model.addAttribute("q", text);
        model.addAttribute("kind", kinds.isEmpty() ? null : wanted.kinds().iterator().next());
        model.addAttribute("kinds", Visibility.kinds());
        model.addAttribute("allKinds", SearchKind.values());
        model.addAttribute("shortest", GlobalSearch.SHORTEST);
        model.addAttribute("longest", GlobalSearch.LONGEST);
        boolean searchable = text.length() >= GlobalSearch.SHORTEST && text.length() <= GlobalSearch.LONGEST;
        model.addAttribute("results", searchable ? search.search(wanted) : null);
        model.addAttribute("tooLong", text.length() > GlobalSearch.LONGEST);
        if (quick) {
            return "search/search :: quick";
        }
        return Htmx.view(request, "search/search", "results");
    }
}
