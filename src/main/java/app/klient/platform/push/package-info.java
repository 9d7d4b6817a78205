/**
 * Web Push to browsers (RFC 8030, 8291, 8292): Klient's VAPID key pair, the message encrypted for one browser, the
 * request to its push service. Who gets what is the business of the modules that use it (activities' notifications).
 */
package app.klient.platform.push;
