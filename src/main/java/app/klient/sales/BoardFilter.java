package app.klient.sales;

import java.time.LocalDate;

import org.springframework.format.annotation.DateTimeFormat;

/** The board's and the deal list's filters; every one may be empty. */
public record BoardFilter(Long ownerId, Long teamId,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate closeFrom,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate closeTo) {

    public static BoardFilter none() {
        return new BoardFilter(null, null, null, null);
    }
}
