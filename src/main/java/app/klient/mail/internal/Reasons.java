package app.klient.mail.internal;

import java.util.regex.Pattern;

/**
 * Why a mail server or a message failed, as an administrator reads it on the mail page: the innermost cause's own
 * words ("Couldn't connect to host, port: mail.firma.pl, 587"), without Java's class names.
 */
public final class Reasons {

    private static final Pattern CLASS_NAME = Pattern.compile("(?:[a-zA-Z_$][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error)"
            + ":?\\s*");

    private Reasons() {
    }

    public static String of(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : CLASS_NAME.matcher(root.getMessage()).replaceAll("").strip();
        if (message.isEmpty()) {
            // nothing but a type: name it in words ("FolderClosed" rather than the class)
            message = root.getClass().getSimpleName().replaceAll("(Exception|Error)$", "");
        }
        return message.length() > 500 ? message.substring(0, 500) : message;
    }
}
