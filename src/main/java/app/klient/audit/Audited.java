package app.klient.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a JPA entity whose creates, updates and deletes are written to the audit log with their field changes. */
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface Audited {

    /** The record type as the audit log names it, for example {@code user}. */
    String name();

    /** Fields never written to the log (secrets, counters, timestamps that change with every save). */
    String[] exclude() default {};
}
