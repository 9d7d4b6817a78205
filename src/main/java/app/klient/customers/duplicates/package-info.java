/**
 * Duplicates and merge: {@link app.klient.customers.duplicates.DuplicateFinder} scores pairs of companies or contacts
 * that look like one customer (the same tax id, e-mail or phone, names alike once legal forms and diacritics are left
 * out) into a review queue and warns when a new record looks like an existing one;
 * {@link app.klient.customers.duplicates.Merges} merges two or more records into one and has every module move its
 * rows through {@link app.klient.customers.CustomersMerged}.
 */
package app.klient.customers.duplicates;
