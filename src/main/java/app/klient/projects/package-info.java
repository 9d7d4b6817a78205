/**
 * Projects for customers: what was sold gets delivered. A project belongs to a company or a private contact (and
 * optionally to the deal or order it delivers), has a manager and a team, dates, a budget in hours and money, a
 * status changed by explicit transitions and a health flag its manager sets with a comment. Its milestones and tasks
 * (ordinary tasks, with reminders and My day, tied to it with "starts after" dependencies) and the time people log
 * against it are summed against the budget. The project's manager, its members and managers change it; everyone who
 * may see its customer reads it.
 */
package app.klient.projects;
