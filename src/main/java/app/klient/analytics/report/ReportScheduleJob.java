package app.klient.analytics.report;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Sends the reports whose time has come, every minute on every node (each run is claimed by one of them). */
@Component
class ReportScheduleJob {

    private final ReportSchedules schedules;

    ReportScheduleJob(ReportSchedules schedules) {
        this.schedules = schedules;
    }

    @Scheduled(fixedDelayString = "${klient.analytics.reports-every:PT1M}", initialDelayString = "PT1M")
    void sendDue() {
        schedules.runDue();
    }
}
