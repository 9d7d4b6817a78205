package app.klient.billing;

/** From new to fulfilled, or cancelled on the way. */
public enum OrderStatus {
    NEW, CONFIRMED, FULFILLED, CANCELLED;

    /** Whether an order in this status may move to {@code next}: forward only, and not out of the end states. */
    public boolean canBecome(OrderStatus next) {
        return this != FULFILLED && this != CANCELLED && next != this
                && (next == CANCELLED || next.ordinal() > ordinal());
    }
}
