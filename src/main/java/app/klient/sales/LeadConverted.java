package app.klient.sales;

/** A lead became a contact (at a company): what others kept for the lead (its consents) can follow it. */
public record LeadConverted(long leadId, long contactId, long companyId) {
}
