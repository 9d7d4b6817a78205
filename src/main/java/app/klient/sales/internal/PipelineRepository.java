package app.klient.sales.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface PipelineRepository extends JpaRepository<Pipeline, Long> {

    List<Pipeline> findByActiveTrueOrderByPositionAscIdAsc();

    Optional<Pipeline> findFirstByIsDefaultTrue();
}
