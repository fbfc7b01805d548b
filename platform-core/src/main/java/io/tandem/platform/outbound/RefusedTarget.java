package io.tandem.platform.outbound;

import java.io.IOException;

/** A request Tandem would not send: the URL or the address it leads to is not allowed. */
public class RefusedTarget extends IOException {

    public RefusedTarget(String reason) {
        super(reason);
    }
}
