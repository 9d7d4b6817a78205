package app.klient.customers.internal;

import java.util.List;

import app.klient.customers.CustomerType;
import org.springframework.data.jpa.repository.JpaRepository;

public interface CustomFieldRepository extends JpaRepository<CustomFieldRow, Long> {

    List<CustomFieldRow> findByEntityOrderByPositionAscIdAsc(CustomerType entity);

    boolean existsByEntityAndKey(CustomerType entity, String key);
}
