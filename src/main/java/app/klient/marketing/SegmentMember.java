package app.klient.marketing;

/** A contact in a segment, as its sample and member list show it. */
public record SegmentMember(long contactId, String firstName, String lastName, String email) {

    public String name() {
        return firstName == null || firstName.isBlank() ? lastName : firstName + " " + lastName;
    }
}
