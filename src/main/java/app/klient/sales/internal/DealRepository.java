package app.klient.sales.internal;

import java.util.List;

import app.klient.sales.DealStatus;
import org.springframework.data.jpa.repository.JpaRepository;

public interface DealRepository extends JpaRepository<Deal, Long> {

    List<Deal> findTop20ByCompanyIdOrderByCreatedAtDesc(long companyId);

    long countByStageIdAndStatus(long stageId, DealStatus status);

    long countByPipelineIdAndStatus(long pipelineId, DealStatus status);

    List<Deal> findByPipelineIdAndStatusOrderById(long pipelineId, DealStatus status);
}
