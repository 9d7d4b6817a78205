package app.klient.platform.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a running embedded cluster to what Klient expects, on every start, so that a data directory made by an older
 * Klient (trust for every local user, no passwords, everything owned by the superuser) is upgraded in place: the
 * superuser gets its password, {@code pg_hba.conf} asks every connection for one, and Klient's own role (no
 * superuser) is made owner of the database and of everything Klient's migrations created in it.
 */
final class EmbeddedDatabaseSetup {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseSetup.class);
    private static final Pattern TRUST = Pattern.compile("(?m)^\\s*(local|host\\w*)\\s.*\\btrust\\s*$");
    private static final String DATABASE = EmbeddedPostgresConfiguration.DATABASE;
    private static final String ROLE = EmbeddedDatabaseServer.ROLE;

    static final List<String> HBA = List.of(
            "# Written by Klient: every connection, local or over TCP, must give a password (SCRAM).",
            "# TYPE  DATABASE        USER            ADDRESS                 METHOD",
            "local   all             all                                     scram-sha-256",
            "host    all             all             127.0.0.1/32            scram-sha-256",
            "host    all             all             ::1/128                 scram-sha-256",
            "local   replication     all                                     scram-sha-256",
            "host    replication     all             127.0.0.1/32            scram-sha-256",
            "host    replication     all             ::1/128                 scram-sha-256");

    /**
     * Objects the superuser owns in the database's own schemas (not PostgreSQL's, not an extension's members) given to
     * Klient's role: schemas, then relations (a table takes its indexes and identity sequences along), then the
     * sequences left, routines and types.
     */
    private static final String GIVE_OBJECTS_TO_ROLE = """
            do $$
            declare
                object record;
            begin
                for object in
                    select n.nspname from pg_namespace n
                    where n.nspowner = 'postgres'::regrole and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
                      and not exists (select from pg_depend d where d.classid = 'pg_namespace'::regclass
                                      and d.objid = n.oid and d.deptype = 'e')
                loop
                    execute format('alter schema %I owner to klient', object.nspname);
                end loop;
                for object in
                    select c.oid::regclass as name, case c.relkind when 'v' then 'view' when 'm' then 'materialized view'
                        when 'f' then 'foreign table' else 'table' end as kind
                    from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where c.relowner = 'postgres'::regrole and c.relkind in ('r', 'p', 'v', 'm', 'f')
                      and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
                      and not exists (select from pg_depend d where d.classid = 'pg_class'::regclass
                                      and d.objid = c.oid and d.deptype = 'e')
                loop
                    execute format('alter %s %s owner to klient', object.kind, object.name);
                end loop;
                for object in
                    select c.oid::regclass as name
                    from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where c.relowner = 'postgres'::regrole and c.relkind = 'S'
                      and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
                      and not exists (select from pg_depend d where d.classid = 'pg_class'::regclass
                                      and d.objid = c.oid and d.deptype in ('e', 'a', 'i'))
                loop
                    execute format('alter sequence %s owner to klient', object.name);
                end loop;
                for object in
                    select p.oid::regprocedure as name
                    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                    where p.proowner = 'postgres'::regrole and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
                      and not exists (select from pg_depend d where d.classid = 'pg_proc'::regclass
                                      and d.objid = p.oid and d.deptype = 'e')
                loop
                    execute format('alter routine %s owner to klient', object.name);
                end loop;
                for object in
                    select t.oid::regtype as name, case t.typtype when 'd' then 'domain' else 'type' end as kind
                    from pg_type t join pg_namespace n on n.oid = t.typnamespace
                    where t.typowner = 'postgres'::regrole and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
                      and (t.typtype in ('e', 'd', 'r', 'm')
                           or t.typtype = 'c' and (select relkind from pg_class where oid = t.typrelid) = 'c')
                      and not exists (select from pg_depend d where d.classid = 'pg_type'::regclass
                                      and d.objid = t.oid and d.deptype = 'e')
                loop
                    execute format('alter %s %s owner to klient', object.kind, object.name);
                end loop;
            end
            $$""";

    private EmbeddedDatabaseSetup() {
    }

    /** An uncommented pg_hba.conf line that lets someone in without a password: a cluster of an older Klient. */
    static boolean trustsLocalUsers(Path pgData) throws IOException {
        Path hba = pgData.resolve("pg_hba.conf");
        return Files.exists(hba) && TRUST.matcher(Files.readString(hba, StandardCharsets.UTF_8)).find();
    }

    static void secure(EmbeddedPostgres postgres, Path pgData, DatabasePasswords passwords)
            throws SQLException, IOException {
        try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
            PGConnection pg = admin.unwrap(PGConnection.class);
            if (trustsLocalUsers(pgData)) {
                log.warn("The embedded database in {} let every local user in as its superuser; it now asks for the"
                        + " passwords kept in {}", pgData, passwords.file());
                // hashed here (SCRAM), so the password is never in a statement a server log could show
                pg.alterUserPassword(EmbeddedDatabaseServer.SUPERUSER, passwords.superuser().toCharArray(),
                        "scram-sha-256");
                Path hba = pgData.resolve("pg_hba.conf");
                Path written = pgData.resolve("pg_hba.conf.klient");
                Files.write(written, HBA, StandardCharsets.UTF_8);
                Files.move(written, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                try (Statement statement = admin.createStatement()) {
                    statement.execute("select pg_reload_conf()");
                }
            }
            try (Statement statement = admin.createStatement()) {
                if (!exists(admin, "select from pg_roles where rolname = ?", ROLE)) {
                    statement.execute("create role " + ROLE + " login");
                }
                statement.execute("alter role " + ROLE
                        + " login nosuperuser nocreatedb nocreaterole noreplication nobypassrls");
                pg.alterUserPassword(ROLE, passwords.klient().toCharArray(), "scram-sha-256");
                if (!exists(admin, "select from pg_database where datname = ?", DATABASE)) {
                    statement.execute("create database " + DATABASE + " owner " + ROLE
                            + " encoding 'UTF8' template template0");
                }
            }
        }
        try (Connection admin = postgres.getDatabase(EmbeddedDatabaseServer.SUPERUSER, DATABASE).getConnection();
                Statement statement = admin.createStatement()) {
            if (!exists(admin, "select from pg_database where datname = ? and datdba = 'klient'::regrole", DATABASE)) {
                log.info("Giving the embedded database {} and its objects to the role {}", DATABASE, ROLE);
                statement.execute("alter database " + DATABASE + " owner to " + ROLE);
            }
            statement.execute(GIVE_OBJECTS_TO_ROLE);
            statement.execute(leakproof());
        }
    }

    /**
     * The functions Klient's searches and lookups filter with, declared leak-proof (only a superuser may): under a
     * row policy (record access, identity.RecordAccess) PostgreSQL uses an index for a condition only when every
     * function in it is leak-proof, else it reads the whole table. The same file is what the README gives the
     * operator of a server of their own.
     */
    static String leakproof() throws IOException {
        try (var in = EmbeddedDatabaseSetup.class.getResourceAsStream("/db/leakproof.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static boolean exists(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }
}
