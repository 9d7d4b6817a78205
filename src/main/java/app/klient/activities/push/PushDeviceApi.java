package app.klient.activities.push;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the account page's script asks for when a person switches push on or off in this browser: Klient's VAPID
 * public key, and the browser's subscription (signed in with the page's session and CSRF token, answered in
 * problem+json when refused).
 */
@RestController
@RequestMapping("/account/push")
class PushDeviceApi {

    private final PushDevices devices;

    PushDeviceApi(PushDevices devices) {
        this.devices = devices;
    }

    @GetMapping("/key")
    Map<String, String> pushPublicKey() {
        return Map.of("publicKey", devices.publicKey());
    }

    @PostMapping("/devices")
    @ResponseStatus(HttpStatus.CREATED)
    PushDevices.Device subscribePushDevice(@RequestBody PushDevices.Subscription subscription,
            HttpServletRequest request) {
        return devices.subscribe(subscription, request.getHeader("User-Agent"));
    }

    record Unsubscription(String endpoint) {
    }

    @PostMapping("/unsubscribe")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unsubscribePushDevice(@RequestBody Unsubscription unsubscription) {
        devices.removeEndpoint(unsubscription == null ? null : unsubscription.endpoint());
    }
}
