package app.klient.platform.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI description at /api/openapi (and Swagger UI at /api/docs): every call takes a bearer token. The error
 * answers are added here for every operation by what it takes (a path id may be unknown, a body or parameter may be
 * invalid, a version may be stale), so a generated client knows them without 175 methods repeating them.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String PROBLEM = "Problem";
    static final String EXAMPLES = "classpath:api-examples/*.json";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final Pattern PATH_ID = Pattern.compile("\\{(id|\\w+Id)}");

    @Bean
    OpenAPI klientApi() {
        return new OpenAPI()
                .info(new Info().title("Klient API").version("v1")
                        .description("""
                                The CRM's REST API. Authenticate with `Authorization: Bearer <token>`: a personal \
                                token from *API tokens*, or one from `POST /api/v1/auth/token`. Lists answer \
                                `{"items": [...], "total": N, "page": p, "size": s}` and take `page`, `size` \
                                (at most 200) and `sort=field,asc|desc`. Errors are RFC 9457 problem+json; \
                                validation errors list the fields under `errors`. Send `Accept-Language: pl` or \
                                `cs` for Polish or Czech messages.

                                A record read with GET can be sent back with PUT as it is: the fields marked \
                                read-only are ignored on the way in, a field the record does not have is refused. \
                                PUT sets every writable field, so one left out is cleared; to change a few, send \
                                only those with PATCH as a JSON Merge Patch (`application/merge-patch+json`, \
                                RFC 7396) with the `version` you read. A stale version answers 409."""))
                // relative, so the document is right behind any host name (the generated one is the server's own)
                .servers(List.of(new Server().url("/").description("This Klient")))
                .components(new Components()
                        .addSecuritySchemes("bearer",
                                new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /** An operationId that reads well in a generated client: the method's name with the resource it acts on. */
    @Bean
    GlobalOperationCustomizer readableOperationIds() {
        return (operation, handler) -> {
            io.swagger.v3.oas.annotations.Operation declared = AnnotatedElementUtils.findMergedAnnotation(
                    handler.getMethod(), io.swagger.v3.oas.annotations.Operation.class);
            if (declared == null || declared.operationId().isEmpty()) {
                operation.setOperationId(operationId(handler));
            }
            return operation;
        };
    }

    /** The method's name with the resource its path names: {@code update} on /tasks/{id} is updateTask. */
    static String operationId(HandlerMethod handler) {
        String method = handler.getMethod().getName();
        String noun = noun(path(handler));
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        boolean read = mapping != null && java.util.Arrays.asList(mapping.method()).contains(RequestMethod.GET);
        if (method.equalsIgnoreCase(noun)) {
            return read ? "get" + noun : method;
        }
        if (noun.isEmpty() || method.toLowerCase().contains(noun.toLowerCase())
                || method.toLowerCase().contains(plural(noun).toLowerCase())) {
            return method;
        }
        return method.equals("list") ? "list" + plural(noun) : method + noun;
    }

    private static String path(HandlerMethod handler) {
        RequestMapping type = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class);
        RequestMapping method = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        String prefix = type == null || type.path().length == 0 ? "" : type.path()[0];
        return prefix + (method == null || method.path().length == 0 ? "" : method.path()[0]);
    }

    /** The first segment after /api/v1/ as a singular noun: /ticket-categories/{id} is TicketCategory. */
    static String noun(String path) {
        String[] segments = path.replaceFirst("^/api/v1/", "").split("/");
        if (segments.length == 0 || segments[0].isEmpty() || segments[0].startsWith("{")) {
            return "";
        }
        StringBuilder noun = new StringBuilder();
        String[] words = segments[0].split("-");
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if (word.isEmpty()) {
                continue;
            }
            if (i == words.length - 1) {
                word = word.endsWith("ies") ? word.substring(0, word.length() - 3) + "y"
                        : word.endsWith("ses") || word.endsWith("xes") ? word.substring(0, word.length() - 2)
                        : word.endsWith("s") && !word.endsWith("ss") ? word.substring(0, word.length() - 1) : word;
            }
            noun.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return noun.toString();
    }

    private static String plural(String noun) {
        return noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies"
                : noun.endsWith("s") || noun.endsWith("x") ? noun + "es" : noun + "s";
    }

    @Bean
    GlobalOpenApiCustomizer errorAnswers(JsonMapper json) {
        Map<String, Object> examples = examples(json);
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            // here, not on the bean: springdoc replaces the bean's schemas with the ones it generates
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas("FieldProblem", fieldProblem()).addSchemas(PROBLEM, problem());
            examples.forEach((schema, example) -> {
                if (openApi.getComponents().getSchemas().containsKey(schema)) {
                    openApi.getComponents().getSchemas().get(schema).setExample(example);
                }
            });
            openApi.getPaths().forEach((path, item) -> {
                shapes(openApi, item);
                item.readOperationsMap().forEach((method, operation) -> errors(openApi, path, method, operation));
            });
            // what a PATCH method takes in Java (a JSON tree) is not its shape: shapes() gave it the form's
            openApi.getComponents().getSchemas().remove("JsonNode");
        };
    }

    /**
     * A record's read and write shapes side by side: what GET answers beyond what PUT takes is marked read-only
     * (sent back, it is ignored), and PATCH takes the same form as a merge patch.
     */
    private static void shapes(OpenAPI openApi, PathItem item) {
        Schema<?> form = item.getPut() == null ? null : bodySchema(item.getPut());
        if (form == null) {
            return;
        }
        if (item.getPatch() != null && item.getPatch().getRequestBody() != null) {
            item.getPatch().setRequestBody(new io.swagger.v3.oas.models.parameters.RequestBody().required(true)
                    .description("The fields to change and the version you read; null clears a field.")
                    .content(new Content().addMediaType(MergePatch.MEDIA_TYPE, new MediaType().schema(form))
                            .addMediaType("application/json", new MediaType().schema(form))));
        }
        if (item.getGet() != null && item.getGet().getResponses() != null
                && item.getGet().getResponses().get("200") != null
                && item.getGet().getResponses().get("200").getContent() != null) {
            for (MediaType read : item.getGet().getResponses().get("200").getContent().values()) {
                markReadOnly(openApi, read.getSchema(), form, 0);
            }
        }
    }

    private static Schema<?> bodySchema(Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return null;
        }
        MediaType json = operation.getRequestBody().getContent().get("application/json");
        return json == null ? null : json.getSchema();
    }

    @SuppressWarnings({ "rawtypes", "unchecked" })
    private static void markReadOnly(OpenAPI openApi, Schema<?> readRef, Schema<?> writeRef, int depth) {
        Schema<?> read = resolve(openApi, readRef);
        Schema<?> write = resolve(openApi, writeRef);
        if (read == null || write == null || read == write || depth > 2 || read.getProperties() == null
                || write.getProperties() == null) {
            return;
        }
        Map<String, Schema> properties = (Map) read.getProperties();
        properties.forEach((name, property) -> {
            Schema<?> written = write.getProperties().get(name);
            if (written == null) {
                property.setReadOnly(true);
            }
            else if (property.getItems() != null && written.getItems() != null) {
                markReadOnly(openApi, property.getItems(), written.getItems(), depth + 1);
            }
            else {
                markReadOnly(openApi, property, written, depth + 1);
            }
        });
    }

    /** Examples of the main bodies, one file per schema in {@code api-examples/} (checked by ApiDocumentTests). */
    static Map<String, Object> examples(JsonMapper json) {
        Map<String, Object> examples = new LinkedHashMap<>();
        try {
            for (Resource file : new PathMatchingResourcePatternResolver().getResources(EXAMPLES)) {
                try (var in = file.getInputStream()) {
                    examples.put(file.getFilename().replaceFirst("\\.json$", ""), json.readValue(in, Object.class));
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return examples;
    }

    private static void errors(OpenAPI openApi, String path, PathItem.HttpMethod method, Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        boolean takesInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        boolean open = operation.getSecurity() != null && operation.getSecurity().isEmpty();
        Map<String, String> answers = new LinkedHashMap<>();
        if (takesInput || open) {
            answers.put("400", "The request is invalid: `errors` names each refused field.");
        }
        if (!open) {
            answers.put("401", "No valid bearer token was sent.");
            answers.put("403", "The token's user may not do this.");
        }
        if (PATH_ID.matcher(path).find()) {
            answers.put("404", "No such record (or it is not yours to see).");
        }
        if (method != PathItem.HttpMethod.GET && carriesVersion(openApi, operation)) {
            answers.put("409", "Someone changed the record since you read it: read it again and repeat.");
        }
        // answers an annotation declared without a body (e.g. 429) are problems too
        responses.forEach((status, answer) -> {
            if (status.startsWith("4")
                    && (answer.getContent() == null || !answer.getContent().containsKey(PROBLEM_JSON))) {
                answer.setContent(problemAnswer(answer.getDescription()).getContent());
            }
        });
        answers.forEach((status, description) -> {
            if (!responses.containsKey(status)) {
                responses.addApiResponse(status, problemAnswer(description));
            }
        });
    }

    private static boolean carriesVersion(OpenAPI openApi, Operation operation) {
        if (operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> "version".equals(p.getName()))) {
            return true;
        }
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return false;
        }
        for (MediaType media : operation.getRequestBody().getContent().values()) {
            Schema<?> schema = resolve(openApi, media.getSchema());
            if (schema != null && schema.getProperties() != null && schema.getProperties().containsKey("version")) {
                return true;
            }
        }
        return false;
    }

    private static Schema<?> resolve(OpenAPI openApi, Schema<?> schema) {
        if (schema == null || schema.get$ref() == null) {
            return schema;
        }
        String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
        return openApi.getComponents() == null || openApi.getComponents().getSchemas() == null ? null
                : openApi.getComponents().getSchemas().get(name);
    }

    static ApiResponse problemAnswer(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problem() {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", Problems.TYPE_BASE + "validation");
        example.put("title", "Invalid request");
        example.put("status", 400);
        example.put("detail", "Some fields are not valid.");
        example.put("instance", "/api/v1/companies");
        example.put("errors", List.of(Map.of("field", "name", "message", "must not be blank")));
        return new ObjectSchema()
                .description("An RFC 9457 problem, with the title and detail in the caller's language.")
                .addProperty("type", new StringSchema().format("uri")
                        .description("What kind of problem: " + Problems.TYPE_BASE + "<kind>, e.g. validation, "
                                + "not-found, conflict, forbidden, unauthorized."))
                .addProperty("title", new StringSchema().description("The kind of problem in words."))
                .addProperty("status", new IntegerSchema().description("The HTTP status."))
                .addProperty("detail", new StringSchema().description("What went wrong, for a person to read."))
                .addProperty("instance", new StringSchema().format("uri-reference")
                        .description("The path that was called."))
                .addProperty("errors", new ArraySchema()
                        .items(new Schema<>().$ref("#/components/schemas/FieldProblem"))
                        .description("On a refused request: each refused field with the reason."))
                .required(List.of("type", "title", "status"))
                .example(example);
    }

    @SuppressWarnings("rawtypes")
    private static Schema fieldProblem() {
        return new ObjectSchema()
                .addProperty("field", new StringSchema().types(java.util.Set.of("string", "null"))
                        .description("The field's path, e.g. `billingAddress.city` or `lines[2].quantity`; "
                                + "null for a problem of the request as a whole."))
                .addProperty("message", new StringSchema().description("Why it was refused, in words."))
                .required(List.of("field", "message"));
    }
}
