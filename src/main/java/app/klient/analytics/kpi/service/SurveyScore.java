package app.klient.analytics.kpi.service;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import app.klient.analytics.Kpi;
import app.klient.analytics.KpiDimension;
import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiRecord;
import app.klient.analytics.KpiUnit;
import app.klient.analytics.Measure;
import app.klient.platform.Period;
import app.klient.platform.web.CountedPage;
import app.klient.surveys.results.ResultFilter;
import app.klient.surveys.results.ResultKind;
import app.klient.surveys.results.Score;
import app.klient.surveys.results.SurveyResults;
import org.springframework.data.domain.Pageable;

/**
 * A survey score as the survey results define it ({@link ResultKind}: NPS, CES, CSAT), read from
 * {@link SurveyResults} so a dashboard and the results page never disagree: the answers of that kind given within
 * the period. The owner filter is the agent the answer is about, the team its team; a segment, its contacts; a
 * product, the answers to invitations about it.
 */
abstract class SurveyScore implements Kpi {

    private final SurveyResults results;

    SurveyScore(SurveyResults results) {
        this.results = results;
    }

    abstract ResultKind kind();

    @Override
    public Set<KpiDimension> dimensions() {
        return EnumSet.of(KpiDimension.OWNER, KpiDimension.TEAM, KpiDimension.SEGMENT, KpiDimension.PRODUCT);
    }

    private ResultFilter filter(KpiFilters filters, Period period) {
        return new ResultFilter(kind(), period.from(), period.to(), null, filters.segmentId(), filters.teamId(),
                filters.ownerId(), filters.productId());
    }

    /** One read of the results per period: the score of each is its own set of answers. */
    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        List<Measure> measures = new ArrayList<>();
        for (Period period : periods) {
            Score score = results.score(filter(filters, period), zone);
            measures.add(new Measure(score.value(), kind() == ResultKind.CSAT ? BigDecimal.valueOf(score.high())
                    : null, BigDecimal.valueOf(score.responses())));
        }
        return measures;
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        CountedPage<SurveyResults.ResponseRow> responses = results.responses(
                SurveyResults.ResponseQuery.of(filter(filters, period)), zone, page);
        return responses.map(r -> new KpiRecord("kpi.record.response", r.id(), r.companyName() != null
                ? r.companyName() : r.contactName() != null ? r.contactName() : r.surveyName(),
                "/surveys/responses/" + r.id(), r.answeredAt().atZone(zone).toLocalDate(),
                r.score() == null ? null : BigDecimal.valueOf(r.score()), r.score() == null ? null : KpiUnit.COUNT,
                "surveyResults.band." + kind().name() + "." + r.band(), null));
    }
}
