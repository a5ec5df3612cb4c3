package com.example.calls;

import java.net.SocketTimeoutException;
import org.springframework.stereotype.Component;

/** A simulated order system: order 0000 times out, every other order ships tomorrow. */
@Component
public class OrderLookup {
    /** How long a lookup takes, as the order system reports it. */
    static final int LOOKUP_MILLIS = 180;

    /** How long the order system is waited for. */
    static final int TIMEOUT_MILLIS = 5000;

    /** The delivery date of {@code orderNumber}. */
    String deliveryOf(String orderNumber) throws SocketTimeoutException {
        if (orderNumber.equals("0000")) {
            throw new SocketTimeoutException("Read timed out");
        }
        return "tomorrow";
    }
}
