/**
 * Realistic data at the scale of a large customer base, for benchmarks: {@code java -jar klient.jar generate
 * --contacts 1000000} fills the configured database (reproducibly, from a fixed seed), and {@code generate --csv
 * FILE} writes the contacts CSV that the import benchmark reads.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "platform", "identity", "customers" })
package app.klient.generator;

