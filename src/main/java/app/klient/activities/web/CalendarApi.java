package app.klient.activities.web;

import app.klient.activities.CalendarFeeds;
import app.klient.platform.KlientException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@Tag(name = "Calendar")
@RequestMapping("/api/v1/calendar")
class CalendarApi {

    private final CalendarFeeds feeds;

    CalendarApi(CalendarFeeds feeds) {
        this.feeds = feeds;
    }

    record Feed(String url) {
    }

    @Operation(summary = "The iCalendar feed of the person the secret token belongs to (no other sign-in); an "
            + "unknown or revoked token answers 404")
    @SecurityRequirements // the secret in the address is the only credential a calendar program sends
    @GetMapping(value = "/feed/{token}.ics", produces = "text/calendar")
    ResponseEntity<String> feed(@PathVariable String token) {
        return feeds.feed(token).map(ics -> ResponseEntity.ok().contentType(new MediaType("text", "calendar",
                java.nio.charset.StandardCharsets.UTF_8)).body(ics))
                .orElseThrow(() -> KlientException.notFound("calendar.feedNotFound"));
    }

    @Operation(summary = "A new private feed address for yourself (the old one stops working); shown only now")
    @PostMapping("/feeds")
    ResponseEntity<Feed> create(HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(new Feed(url(feeds.create())));
    }

    @Operation(summary = "Revoke your private calendar feed address.")
    @DeleteMapping("/feeds")
    ResponseEntity<Void> revoke() {
        feeds.revoke();
        return ResponseEntity.noContent().build();
    }

    static String url(String token) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/calendar/feed/{token}.ics")
                .buildAndExpand(token).toUriString();
    }
}
