package app.klient.marketing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A segment as written: a name, a description, its kind (fixed once made), its filter when DYNAMIC. */
@Schema(example = """
        {"name": "Big spenders who read us", "description": "Paid over 10,000 in the last year and opened a campaign",
         "kind": "DYNAMIC", "filter": {"match": "ALL", "groups": [{"match": "ALL", "rules": [
           {"criterion": "billing.paidTotal", "operator": "GT", "value": "10000", "days": 365},
           {"criterion": "marketing.opened", "operator": "YES"}]}]}}""")
// read-only fields of what GET answers: a segment read and sent back unchanged is accepted, they are ignored
@JsonIgnoreProperties({"id", "ownerId", "createdAt", "updatedAt"})
public record SegmentForm(@NotBlank @Size(max = 100) String name, @Size(max = 500) String description,
        SegmentKind kind, SegmentFilter filter, Integer version) {
}
