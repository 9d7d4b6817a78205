package app.klient.analytics.kpi.service;

import app.klient.analytics.KpiGroup;
import app.klient.analytics.KpiUnit;
import app.klient.surveys.results.ResultKind;
import app.klient.surveys.results.SurveyResults;
import org.springframework.stereotype.Component;

/** CES from surveys, as the survey results define it ({@link ResultKind#CES}). */
@Component
class Ces extends SurveyScore {

    Ces(SurveyResults results) {
        super(results);
    }

    @Override
    public String id() {
        return "ces";
    }

    @Override
    ResultKind kind() {
        return ResultKind.CES;
    }

    @Override
    public KpiGroup group() {
        return KpiGroup.SERVICE;
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.MEAN;
    }
}
