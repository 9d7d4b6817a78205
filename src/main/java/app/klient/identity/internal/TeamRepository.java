package app.klient.identity.internal;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface TeamRepository extends JpaRepository<Team, Long> {

    @Query("select count(t) > 0 from Team t where lower(t.name) = lower(:name) and (:exceptId is null or t.id <> :exceptId)")
    boolean nameTaken(String name, Long exceptId);
}
