/**
 * Data management: the import wizard (companies, contacts, leads, deals and products from CSV, XLSX and vCard files,
 * run in the background). The kinds of record come from their own modules as
 * {@link app.klient.platform.imports.ImportTarget} beans, so this module depends on none of them.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Data management",
        allowedDependencies = { "platform", "identity", "audit" })
package app.klient.data;
