/**
 * Lists leaving Klient as files: one writer for CSV (UTF-8 with a byte order mark, so Excel reads the diacritics) and
 * XLSX (streamed with POI's SXSSF, so a million rows never sit in memory), the same neutralized cells in both, and the
 * headers of a download. What a module exports, who may, and the audit record stay in the module.
 */
package app.klient.platform.export;
