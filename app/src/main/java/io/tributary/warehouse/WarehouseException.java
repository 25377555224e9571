package io.tributary.warehouse;

import java.io.IOException;

/** A load that did not happen: the message names the staged object and, when the warehouse says, the row and column. */
public final class WarehouseException extends IOException {
    public WarehouseException(String message, Throwable cause) {
        super(message, cause);
    }

    public WarehouseException(String message) {
        super(message);
    }
}
