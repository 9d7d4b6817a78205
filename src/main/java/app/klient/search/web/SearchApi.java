package app.klient.search.web;

import java.util.List;

import app.klient.search.GlobalSearch;
import app.klient.search.SearchResults;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/search")
@Tag(name = "Search")
class SearchApi {

    private final GlobalSearch search;

    SearchApi(GlobalSearch search) {
        this.search = search;
    }

    /** What the API answers: one group per kind with matches, its records in the order of the kind's list. */
    record Answer(String q, List<Group> groups) {

        static Answer of(SearchResults results) {
            return new Answer(results.text(), results.groups().stream()
                    .map(g -> new Group(g.kind().id(), g.more(), g.hits().stream()
                            .map(h -> new Item(h.id(), h.title(), h.detail(), h.link())).toList()))
                    .toList());
        }
    }

    record Group(String kind, boolean more, List<Item> items) {
    }

    record Item(long id, String title, String detail, String link) {
    }

    @Operation(operationId = "searchEverything", summary = "Search companies, contacts, leads, deals, quotes, orders, "
            + "invoices, tickets and products at "
            + "once by a fragment (at least 3 characters) of a name, e-mail, phone, tax id or number. kinds: a "
            + "comma-separated subset (company, contact, lead, deal, quote, order, invoice, ticket, product), all when "
            + "left out; limit: records per kind, 1-50 (default 5); a group's more is true when further records "
            + "matched. Only what the caller may see is searched.")
    @GetMapping
    Answer search(@RequestParam(required = false) String q, @RequestParam(required = false) List<String> kinds,
            @RequestParam(required = false) Integer limit) {
        return Answer.of(search.search(SearchParameters.request(q, kinds, limit, 5)));
    }
}
