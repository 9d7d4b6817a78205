package app.klient.platform.web;

import java.util.Optional;

import app.klient.platform.Actor;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Who a request comes from, for the filters that answer before the security filters have said so (a request whose
 * parameters cannot be read is refused first of all): its bearer token's user or its session's. Their refusal is then
 * worded in that person's language, as every later answer is. The identity module answers; nobody: the browser's.
 */
public interface RequestActors {

    Optional<Actor> of(HttpServletRequest request);
}
