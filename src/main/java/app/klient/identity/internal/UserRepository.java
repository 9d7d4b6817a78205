package app.klient.identity.internal;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface UserRepository extends JpaRepository<User, Long> {

    @Query("select u from User u where lower(u.email) = lower(:email)")
    Optional<User> findByEmail(String email);

    boolean existsByEmailIgnoreCase(String email);

    Optional<User> findFirstByEmailStartingWithIgnoreCaseAndActiveTrueOrderById(String prefix);

    /** Active administrators, their rows locked until the transaction ends, so two of them cannot demote each other. */
    @Query(value = "select count(*) from (select id from users where role = 'ADMIN' and active for update) a",
            nativeQuery = true)
    long lockActiveAdministrators();

    @EntityGraph(attributePaths = "teams")
    @Query("select u from User u where u.id = :id")
    Optional<User> findWithTeams(long id);

    @Query("""
            select u from User u
            where (:text is null or lower(u.name) like :text escape '\\' or lower(u.email) like :text escape '\\')
              and (:active is null or u.active = :active)
              and (:role is null or u.role = :role)
            """)
    Page<User> search(String text, Boolean active, app.klient.identity.Role role, Pageable pageable);
}
