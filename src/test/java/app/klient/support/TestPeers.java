package app.klient.support;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Every test client connects from 127.0.0.1, but the per-address limits (sign-in, web forms) must not let one test's
 * attempts spill into another's. A test client names the peer address it stands for in {@value #HEADER}, and this
 * valve, first in Tomcat's pipeline (before the RemoteIpValve), makes the connection come from there, as if each
 * client were its own machine. Test code only: Klient itself has no such header.
 */
@Component
class TestPeers implements WebServerFactoryCustomizer<TomcatWebServerFactory>, Ordered {

    static final String HEADER = "X-Test-Peer";

    @Override
    public void customize(TomcatWebServerFactory factory) {
        factory.addEngineValves(new ValveBase(true) {

            @Override
            public void invoke(Request request, Response response) throws IOException, ServletException {
                String peer = request.getHeader(HEADER);
                if (peer != null) {
                    request.setRemoteAddr(peer);
                    request.setRemoteHost(peer);
                }
                getNext().invoke(request, response);
            }
        });
    }

    /** Before Spring Boot's customizer adds the RemoteIpValve, so this valve runs first. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
