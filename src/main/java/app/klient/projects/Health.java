package app.klient.projects;

/** How the manager judges the project: on track, at risk, in trouble. */
public enum Health {
    GREEN, AMBER, RED
}
