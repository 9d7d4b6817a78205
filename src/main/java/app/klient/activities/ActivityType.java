package app.klient.activities;

public enum ActivityType {
    CALL, MEETING, EMAIL, NOTE, CHAT, SMS, VISIT
}
