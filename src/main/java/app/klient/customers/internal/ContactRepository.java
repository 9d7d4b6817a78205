package app.klient.customers.internal;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ContactRepository extends JpaRepository<Contact, Long> {

    List<Contact> findTop50ByCompanyIdOrderByLastNameAscFirstNameAsc(long companyId);

    long countByCompanyId(long companyId);
}
