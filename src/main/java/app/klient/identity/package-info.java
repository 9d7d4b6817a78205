/**
 * Users, roles, teams, signing in (form and API tokens), and who may do what. {@link app.klient.identity.Users} and
 * {@link app.klient.identity.Teams} are what other modules call.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "platform", "audit" })
package app.klient.identity;
