package app.klient.audit.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.Audited;
import app.klient.audit.FieldChange;
import jakarta.annotation.PostConstruct;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnitUtil;
import org.hibernate.collection.spi.PersistentCollection;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.PostCollectionUpdateEvent;
import org.hibernate.event.spi.PostCollectionUpdateEventListener;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;
import org.springframework.stereotype.Component;

/**
 * Writes a row to the audit log for every insert, update and delete of an {@link Audited} entity, inside the flush
 * of the same transaction: the change and its record commit or roll back together.
 */
@Component
class EntityAuditListener implements PostInsertEventListener, PostUpdateEventListener, PostDeleteEventListener,
        PostCollectionUpdateEventListener {

    private static final Set<String> ALWAYS_EXCLUDED = Set.of("version", "createdAt", "updatedAt");

    private final EntityManagerFactory entityManagerFactory;
    private final AuditLog auditLog;
    private final Map<Class<?>, Optional<Audited>> audited = new ConcurrentHashMap<>();
    private PersistenceUnitUtil units;

    EntityAuditListener(EntityManagerFactory entityManagerFactory, AuditLog auditLog) {
        this.entityManagerFactory = entityManagerFactory;
        this.auditLog = auditLog;
    }

    @PostConstruct
    void register() {
        units = entityManagerFactory.getPersistenceUnitUtil();
        var registry = entityManagerFactory.unwrap(SessionFactoryImplementor.class).getEventListenerRegistry();
        registry.appendListeners(EventType.POST_INSERT, this);
        registry.appendListeners(EventType.POST_UPDATE, this);
        registry.appendListeners(EventType.POST_DELETE, this);
        registry.appendListeners(EventType.POST_COLLECTION_UPDATE, this);
    }

    @Override
    public void onPostInsert(PostInsertEvent event) {
        auditedOf(event.getEntity()).ifPresent(audit -> {
            List<FieldChange> changes = new ArrayList<>();
            String[] names = event.getPersister().getPropertyNames();
            for (int i = 0; i < names.length; i++) {
                String value = describe(event.getState()[i]);
                if (value != null && included(audit, names[i])) {
                    changes.add(new FieldChange(names[i], null, value));
                }
            }
            write(AuditAction.CREATE, audit, event.getId(), changes);
        });
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        auditedOf(event.getEntity()).ifPresent(audit -> {
            Object[] oldState = event.getOldState();
            int[] dirty = event.getDirtyProperties();
            if (oldState == null || dirty == null) {
                return;
            }
            String[] names = event.getPersister().getPropertyNames();
            List<FieldChange> changes = new ArrayList<>();
            for (int i : dirty) {
                if (!included(audit, names[i])) {
                    continue;
                }
                String before = describe(oldState[i]);
                String after = describe(event.getState()[i]);
                if (!Objects.equals(before, after)) {
                    changes.add(new FieldChange(names[i], before, after));
                }
            }
            if (!changes.isEmpty()) {
                write(AuditAction.UPDATE, audit, event.getId(), changes);
            }
        });
    }

    @Override
    public void onPostDelete(PostDeleteEvent event) {
        auditedOf(event.getEntity()).ifPresent(audit -> write(AuditAction.DELETE, audit, event.getId(), List.of()));
    }

    @Override
    public void onPostUpdateCollection(PostCollectionUpdateEvent event) {
        Object owner = event.getAffectedOwnerOrNull();
        if (owner == null) {
            return;
        }
        auditedOf(owner).ifPresent(audit -> {
            PersistentCollection<?> collection = event.getCollection();
            String role = collection.getRole();
            String field = role.substring(role.lastIndexOf('.') + 1);
            if (!included(audit, field)) {
                return;
            }
            String before = describe(snapshotElements(collection.getStoredSnapshot()));
            String after = describe(collection);
            if (!Objects.equals(before, after)) {
                write(AuditAction.UPDATE, audit, event.getAffectedOwnerIdOrNull(),
                        List.of(new FieldChange(field, before, after)));
            }
        });
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return false;
    }

    private void write(AuditAction action, Audited audit, Object id, List<FieldChange> changes) {
        auditLog.record(action, audit.name(), id, null, changes, Optional.empty());
    }

    private Optional<Audited> auditedOf(Object entity) {
        return audited.computeIfAbsent(entity.getClass(),
                type -> Optional.ofNullable(type.getAnnotation(Audited.class)));
    }

    private static boolean included(Audited audit, String field) {
        return !ALWAYS_EXCLUDED.contains(field) && Arrays.stream(audit.exclude()).noneMatch(field::equals);
    }

    private static Collection<?> snapshotElements(Object snapshot) {
        if (snapshot instanceof Map<?, ?> map) {
            return map.keySet();
        }
        if (snapshot instanceof Collection<?> collection) {
            return collection;
        }
        return List.of();
    }

    private String describe(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(this::describe).filter(Objects::nonNull).sorted().toList().toString();
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value.getClass().isAnnotationPresent(jakarta.persistence.Entity.class)) {
            Object id = units.getIdentifier(value);
            return id == null ? null : id.toString();
        }
        return value.toString();
    }
}
