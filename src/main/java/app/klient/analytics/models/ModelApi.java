package app.klient.analytics.models;

import java.util.List;
import java.util.Map;

import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The models over the API: their versions, training by hand, customers at risk, groups, a customer's and a lead's scores. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Models")
class ModelApi {

    private final Models models;
    private final Insights insights;
    private final ModelAccess access;

    ModelApi(Models models, Insights insights, ModelAccess access) {
        this.models = models;
        this.insights = insights;
        this.access = access;
    }

    /** A kind's versions, newest first, with the one in use. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "ModelHistory")
    record History(ModelKind kind, String qualityName, List<ModelVersion> versions) {
    }

    @Operation(summary = "Each model's versions, newest first: state (ACTIVE is the one in use), training date, cases "
            + "learnt from and held out, quality on the held-out cases (AUC for churn and lead score, silhouette for "
            + "groups) and, for a refused version, the quality it was compared with (administrators and managers)")
    @GetMapping("/models")
    List<History> modelVersions() {
        access.readsModels();
        return java.util.Arrays.stream(ModelKind.values())
                .map(kind -> new History(kind, kind.quality(), models.versions(kind, 20))).toList();
    }

    @Operation(summary = "Asks for a new version of a model (churn, lead-score or groups) to be trained now; it "
            + "replaces the one in use only if it is not worse on held-out data (administrators). 202 with the "
            + "version queued; a version already waiting is returned as it is")
    @PostMapping("/models/{kind}/trainings")
    ResponseEntity<ModelVersion> trainModel(@PathVariable String kind) {
        access.trainsModels();
        ModelKind known = ModelKind.fromPath(kind);
        if (known == null) {
            throw Models.unknownKind();
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(models.request(known));
    }

    @Operation(summary = "The customers at risk of leaving that the caller may read, most likely first (sort=risk) "
            + "or most value at risk first (sort=value): churn probability, revenue of the last period, value at "
            + "risk and up to three reasons in the caller's language")
    @GetMapping("/customers-at-risk")
    PageResponse<Insights.AtRisk> customersAtRisk(
            @Parameter(description = "only this owner's customers") @RequestParam(required = false) Long owner,
            @Parameter(description = "at least this likely to leave, 0 to 1 (0.5 when left out)")
            @RequestParam(required = false) Double minimum,
            @Parameter(description = "risk (default) or value") @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return PageResponse.of(insights.atRisk(owner, ModelAccess.minimum(minimum), ModelAccess.sort(sort),
                Paging.of(page, size, null, Map.of(), Sort.unsorted())));
    }

    @Operation(summary = "The customer groups of the groups model in use, each with its portrait in the caller's "
            + "language, its share of customers and of revenue, and its typical products")
    @GetMapping("/customer-groups")
    Insights.Groups customerGroups() {
        return insights.groups();
    }

    @Operation(summary = "What the models say of a company: churn probability with reasons, RFM scores and group "
            + "(404 when it has no purchase history scored)")
    @GetMapping("/companies/{id}/insight")
    Insights.CustomerInsight companyInsight(@PathVariable long id) {
        return access.customer("company", id);
    }

    @Operation(summary = "What the models say of a private customer (a contact invoiced without a company)")
    @GetMapping("/contacts/{id}/insight")
    Insights.CustomerInsight contactInsight(@PathVariable long id) {
        return access.customer("contact", id);
    }

    @Operation(summary = "The predictive score of a lead: the probability it converts with its top factors, or, while "
            + "too few leads have converted, how many have and how many are needed (the rule-based score applies)")
    @GetMapping("/leads/{id}/prediction")
    LeadScore.Prediction leadPrediction(@PathVariable long id) {
        return access.lead(id);
    }
}
