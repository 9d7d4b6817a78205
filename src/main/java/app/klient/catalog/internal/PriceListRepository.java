package app.klient.catalog.internal;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface PriceListRepository extends JpaRepository<PriceList, Long> {

    List<PriceList> findAllByOrderByActiveDescCurrencyAscNameAsc();
}
