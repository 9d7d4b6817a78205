package app.klient.platform.web;

import java.time.ZoneId;

import jakarta.servlet.DispatcherType;
import org.apache.catalina.core.StandardHost;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    @Bean
    LocaleResolver localeResolver(ApplicationEventPublisher events,
            @Value("${klient.default-time-zone:Europe/Warsaw}") ZoneId defaultZone) {
        return new KlientLocaleResolver(events, defaultZone);
    }

    /**
     * Boot registers the resource chain's URL-rewriting filter because the WebJars locator is present; it then checks
     * every link of every page against the classpath (spring-framework#34014), which took two thirds of the list
     * page's time. Klient's links need no rewriting: version-less WebJars paths are resolved when they are requested.
     */
    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> noResourceUrlRewriting() {
        FilterRegistrationBean<ResourceUrlEncodingFilter> registration =
                new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        registration.setEnabled(false);
        return registration;
    }

    /**
     * Right after the character encoding is set and the session is found, before security or controllers read a
     * parameter: unreadable ones are refused once here (see {@link ReadableParameters}), in the language of the
     * session's user. Only on the request itself: an error dispatch carries the same parameters and must not be
     * refused again.
     */
    @Bean
    FilterRegistrationBean<ReadableParameters> readableParameters(Problems problems) {
        FilterRegistrationBean<ReadableParameters> registration =
                new FilterRegistrationBean<>(new ReadableParameters(problems));
        registration.setOrder(org.springframework.session.web.http.SessionRepositoryFilter.DEFAULT_ORDER + 1);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    /** Tomcat's own refusals answered like Klient's: see {@link ContainerRefusals}. Runs after Boot's customizer. */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> containerRefusals(Problems problems) {
        return new OrderedCustomizer(problems);
    }

    private record OrderedCustomizer(Problems problems)
            implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    ContainerRefusals.install(host, problems);
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    @Bean
    static FormBinding formBinding() {
        return new FormBinding();
    }

    /** Request mappings passed over by their literal beginning first: see {@link PrefixedRequestMappings}. */
    @Bean
    WebMvcRegistrations fasterRequestMappings() {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new PrefixedRequestMappings();
            }
        };
    }

    @Override
    public void addFormatters(org.springframework.format.FormatterRegistry registry) {
        registry.addFormatterForFieldType(java.math.BigDecimal.class, new DecimalInput());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor interceptor = new LocaleChangeInterceptor();
        interceptor.setParamName("lang");
        interceptor.setIgnoreInvalidLocale(true);
        registry.addInterceptor(interceptor);
    }
}
