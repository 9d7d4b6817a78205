package app.klient.analytics.kpi.service;

import app.klient.analytics.KpiGroup;
import app.klient.analytics.KpiUnit;
import app.klient.surveys.results.ResultKind;
import app.klient.surveys.results.SurveyResults;
import org.springframework.stereotype.Component;

/** NPS from surveys, as the survey results define it ({@link ResultKind#NPS}). */
@Component
class Nps extends SurveyScore {

    Nps(SurveyResults results) {
        super(results);
    }

    @Override
    public String id() {
        return "nps";
    }

    @Override
    ResultKind kind() {
        return ResultKind.NPS;
    }

    @Override
    public KpiGroup group() {
        return KpiGroup.MARKETING;
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.SCORE;
    }
}
