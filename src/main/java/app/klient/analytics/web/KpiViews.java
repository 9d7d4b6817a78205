package app.klient.analytics.web;

import java.util.List;

import app.klient.analytics.KpiSql;
import app.klient.analytics.Kpis;
import app.klient.platform.web.Formats;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** KPIs' results under one request, written for the reader: what the dashboard, a KPI's page and the start page show. */
@Component
class KpiViews {

    private final Kpis kpis;
    private final Formats fmt;
    private final MessageSource messages;
    private final KpiSql sql;

    KpiViews(Kpis kpis, Formats fmt, MessageSource messages, KpiSql sql) {
        this.kpis = kpis;
        this.fmt = fmt;
        this.messages = messages;
        this.sql = sql;
    }

    String companyCurrency() {
        return sql.companyCurrency();
    }

    List<KpiView> of(List<String> ids, KpiRequest request, boolean withTrend) {
        KpiView.Context context = new KpiView.Context(fmt, messages, LocaleContextHolder.getLocale(),
                sql.companyCurrency());
        return ids.stream().map(id -> KpiView.of(kpis.result(id, request.filters(), request.period(),
                KpiRequest.zone(), withTrend), request.query(), context)).toList();
    }
}
