package app.klient.platform.web;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * What Tomcat answers by itself, before any servlet sees the request (a path it cannot decode such as {@code /%} or
 * {@code /a%00b}, {@code /..;/}, an {@code Expect} it cannot meet, a request that did not arrive in time): the same
 * short, translated refusal as Klient's own filters give, problem+json for the API, instead of Tomcat's HTML report.
 */
class ContainerRefusals extends ErrorReportValve {

    private static final Logger log = LoggerFactory.getLogger(ContainerRefusals.class);

    private final Problems problems;

    ContainerRefusals(Problems problems) {
        this.problems = problems;
    }

    /** Takes the place of the host's error report valve (Boot's or Tomcat's default), so exactly one answers. */
    static void install(StandardHost host, Problems problems) {
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve) {
                host.getPipeline().removeValve(valve);
            }
        }
        host.getPipeline().addValve(new ContainerRefusals(problems));
        host.setErrorReportValveClass(ContainerRefusals.class.getName());
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean writable = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
        if (!writable.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String detail = switch (status) {
            case 408 -> "error.timeout";
            case 417 -> "error.expectation";
            case 404 -> "error.notFound";
            case 413 -> "error.tooLarge";
            default -> status >= 500 ? "error.internal" : "error.badRequest";
        };
        try {
            response.resetBuffer();
            problems.refuse(request, response, known == null ? HttpStatus.BAD_REQUEST : known, detail, List.of());
            response.finishResponse();
        }
        catch (IOException | RuntimeException e) {
            log.debug("Could not answer a refused request", e);
        }
    }
}
