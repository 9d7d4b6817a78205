package app.klient.documents;

public enum TemplateKind {
    QUOTE, INVOICE, CONTRACT, LETTER, OTHER
}
