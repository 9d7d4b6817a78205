/**
 * Documents made from templates: the administrator's templates with merge fields ({@link
 * app.klient.documents.Templates}) and the PDFs generated from them for a customer, deal or order ({@link
 * app.klient.documents.Documents}).
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = { "platform", "identity", "audit", "customers", "sales", "billing" })
package app.klient.documents;
