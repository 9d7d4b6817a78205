package app.klient.platform;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Background work (reminders, mailbox polling) runs on every node; each job claims its rows in the database
 * ({@code FOR UPDATE SKIP LOCKED}, advisory locks), so two nodes never do the same work twice and a restart loses
 * nothing. {@code klient.jobs.enabled=false} turns the schedule off on a node (and in the shared test context).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "klient.jobs.enabled", havingValue = "true", matchIfMissing = true)
public class Jobs {
}
