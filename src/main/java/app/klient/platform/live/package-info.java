/**
 * Telling open pages and widgets, on every node, what just happened: PostgreSQL {@code LISTEN/NOTIFY} carries the
 * hint, server-sent events carry it to the browser, and each stream reads the records themselves from the database.
 */
package app.klient.platform.live;
