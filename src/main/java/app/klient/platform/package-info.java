/**
 * What every module stands on and no business rule lives in: the embedded database, the web shell, errors as
 * problem+json, languages, formatting of dates and numbers, and the small contracts ({@link app.klient.platform.Actor},
 * {@link app.klient.platform.DemoData}) through which modules meet without knowing each other.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package app.klient.platform;
