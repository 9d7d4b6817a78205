package app.klient.platform.db;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A read-only method of a Spring bean whose reads may lag behind the latest commit: its transaction runs on the read
 * replica when one is configured ({@link Replica#mayLag}). Only for methods that write nothing, not even the audit
 * log, in their own transaction.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface MayLag {
}
