package app.klient.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import app.klient.identity.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Search finds a kind for exactly the roles that may read its list: the authorization matrix says which. */
class VisibilityTests {

    @ParameterizedTest
    @EnumSource(SearchKind.class)
    void a_kind_is_found_by_the_roles_that_read_its_list(SearchKind kind) throws IOException {
        String list = "/api/v1/" + switch (kind) {
            case COMPANY -> "companies";
            case CONTACT -> "contacts";
            case LEAD -> "leads";
            case DEAL -> "deals";
            case QUOTE -> "quotes";
            case ORDER -> "orders";
            case INVOICE -> "invoices";
            case TICKET -> "tickets";
            case PRODUCT -> "products";
        };
        String who = Files.readAllLines(Path.of("src/test/resources/authorization-matrix.txt")).stream()
                .map(line -> line.trim().split("\\s+"))
                .filter(cells -> cells.length >= 3 && cells[0].equals("GET") && cells[1].equals(list))
                .map(cells -> cells[2]).findFirst().orElseThrow(() -> new AssertionError("no line for " + list));
        Set<Role> readers = switch (who) {
            case "everyone" -> Role.ALL;
            case "writers" -> EnumSet.complementOf(EnumSet.of(Role.READ_ONLY));
            default -> Arrays.stream(who.split(",")).map(Role::valueOf)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
        };
        assertThat(Visibility.readers(kind)).as(kind + " against " + list).isEqualTo(readers);
    }
}
