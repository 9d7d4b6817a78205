package app.klient.marketing.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import app.klient.identity.CurrentUser;
import app.klient.identity.OwnedRecords;
import app.klient.identity.Permission;
import app.klient.identity.Role;
import app.klient.platform.KlientException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Who may call a marketing write operation, checked before its body is read: a role that may not change marketing
 * things hears 403 whatever it sent, never a list of what was wrong with the body (which would tell it how to write
 * one). The service checks again; this only puts the refusal first.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WriteAccess {

    Who value();

    enum Who {
        /** {@link Permission#MARKETING}: administrators, managers, marketing. */
        MARKETING,
        /** Administrators only. */
        ADMIN,
        /** Everybody who may create records (not READ_ONLY). */
        WRITERS
    }

    /** Checks {@link WriteAccess} before Spring MVC reads and validates the request body. */
    @Configuration(proxyBeanMethods = false)
    class Check implements WebMvcConfigurer, HandlerInterceptor {

        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(this).addPathPatterns("/api/v1/marketing/**");
        }

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            if (handler instanceof HandlerMethod method) {
                WriteAccess access = method.getMethodAnnotation(WriteAccess.class);
                if (access != null) {
                    switch (access.value()) {
                        case MARKETING -> Permission.MARKETING.check();
                        case ADMIN -> {
                            if (!CurrentUser.hasRole(Role.ADMIN)) {
                                throw new KlientException(HttpStatus.FORBIDDEN, "attribution.settings.forbidden");
                            }
                        }
                        case WRITERS -> {
                            if (!OwnedRecords.canCreate()) {
                                throw new KlientException(HttpStatus.FORBIDDEN, "consent.readOnly");
                            }
                        }
                    }
                }
            }
            return true;
        }
    }
}
