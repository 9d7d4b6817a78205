package app.klient.identity.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import app.klient.identity.Role;
import app.klient.platform.DemoData;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The demo company's people: sales teams in Kraków and Prague, support and marketing, a manager and an auditor. They
 * cannot sign in until the administrator sets their password.
 */
@Component
@Order(0)
class DemoUsers implements DemoData {

    private final UserRepository users;
    private final TeamRepository teams;
    private final PasswordEncoder passwords;

    DemoUsers(UserRepository users, TeamRepository teams, PasswordEncoder passwords) {
        this.users = users;
        this.teams = teams;
        this.passwords = passwords;
    }

    @Override
    public void fill(Faker faker) {
        Team salesPl = teams.save(new Team("Sales Kraków"));
        Team salesCz = teams.save(new Team("Sales Praha"));
        Team support = teams.save(new Team("Support"));
        Team marketing = teams.save(new Team("Marketing"));
        Faker czech = new Faker(Locale.forLanguageTag("cs"), new java.util.Random(FirstStart.DEMO_SEED + 1));
        String locked = passwords.encode(faker.internet().password(24, 32));
        record Person(Faker names, Role role, String locale, String zone, Team team) {
        }
        List<Person> people = List.of(
                new Person(faker, Role.MANAGER, "pl", "Europe/Warsaw", salesPl),
                new Person(faker, Role.SALES, "pl", "Europe/Warsaw", salesPl),
                new Person(faker, Role.SALES, "pl", "Europe/Warsaw", salesPl),
                new Person(faker, Role.SALES, "pl", "Europe/Warsaw", salesPl),
                new Person(czech, Role.SALES, "cs", "Europe/Prague", salesCz),
                new Person(czech, Role.SALES, "cs", "Europe/Prague", salesCz),
                new Person(faker, Role.SUPPORT, "pl", "Europe/Warsaw", support),
                new Person(czech, Role.SUPPORT, "cs", "Europe/Prague", support),
                new Person(faker, Role.MARKETING, "pl", "Europe/Warsaw", marketing),
                new Person(faker, Role.READ_ONLY, "en", "Europe/Warsaw", null));
        Set<String> taken = new HashSet<>();
        for (Person person : people) {
            String first = person.names().name().firstName();
            String last = person.names().name().lastName();
            String email = ascii(first) + "." + ascii(last) + "@demo.klient.app";
            if (!taken.add(email)) {
                continue;
            }
            User user = new User(email, first + " " + last, person.role(), locked, person.locale(), person.zone());
            if (person.team() != null) {
                user.replaceTeams(Set.of(person.team()));
            }
            users.save(user);
        }
    }

    private static String ascii(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replace("ł", "l").replace("Ł", "L").toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }
}
