package app.klient.platform;

import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.HttpStatus;

/**
 * A record asked to move to a state its current state does not lead to (a rejected quote accepted, a lost deal won):
 * 409 with a message whose argument {0} is the current state, translated ({@code stateKey}: its label's key).
 */
public class RefusedTransition extends KlientException {

    public RefusedTransition(String messageKey, String stateKey) {
        super(HttpStatus.CONFLICT, messageKey, new DefaultMessageSourceResolvable(stateKey));
    }
}
