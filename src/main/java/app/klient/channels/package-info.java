/**
 * Every way a customer reaches the company besides e-mail, landing on the one customer card: calls from the phone
 * system, messages from messengers and text gateways, and live chat on the company's website.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Channels")
package app.klient.channels;
