package app.klient.analytics.kpi.service;

import app.klient.analytics.KpiGroup;
import app.klient.analytics.KpiUnit;
import app.klient.surveys.results.ResultKind;
import app.klient.surveys.results.SurveyResults;
import org.springframework.stereotype.Component;

/** CSAT from surveys, as the survey results define it ({@link ResultKind#CSAT}). */
@Component
class Csat extends SurveyScore {

    Csat(SurveyResults results) {
        super(results);
    }

    @Override
    public String id() {
        return "csat";
    }

    @Override
    ResultKind kind() {
        return ResultKind.CSAT;
    }

    @Override
    public KpiGroup group() {
        return KpiGroup.SERVICE;
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.PERCENT;
    }
}
