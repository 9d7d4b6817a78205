package app.klient.platform.web;

import java.util.ArrayList;
import java.util.List;

import app.klient.platform.KlientException;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.ServletModelAttributeMethodProcessor;

/**
 * Forms bound to records whose parameter names cannot address a record: a list index that is not a number
 * ({@code lines[abc].quantity}), negative ({@code lines[-1]}) or past what Spring grows a list to
 * ({@code lines[99999]}). Spring's constructor binding throws a bare NumberFormatException or IndexOutOfBounds for
 * them; here they become a 400 "the request is not valid" like any other unreadable request.
 */
class FormBinding implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof RequestMappingHandlerAdapter adapter && adapter.getArgumentResolvers() != null) {
            List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>();
            for (HandlerMethodArgumentResolver resolver : adapter.getArgumentResolvers()) {
                resolvers.add(resolver instanceof ServletModelAttributeMethodProcessor ? new Guarded(resolver)
                        : resolver);
            }
            adapter.setArgumentResolvers(resolvers);
        }
        return bean;
    }

    private record Guarded(HandlerMethodArgumentResolver delegate) implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return delegate.supportsParameter(parameter);
        }

        @Override
        public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                NativeWebRequest request, WebDataBinderFactory binders) throws Exception {
            try {
                return delegate.resolveArgument(parameter, container, request, binders);
            }
            catch (NumberFormatException | IndexOutOfBoundsException | BeansException e) {
                throw KlientException.invalid("error.invalidRequest");
            }
        }
    }
}
