package app.klient.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description at /api/openapi (and Swagger UI at /api/docs): every call takes a bearer token. */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

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
                                `cs` for Polish or Czech messages."""))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
