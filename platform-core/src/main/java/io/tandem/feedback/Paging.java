package io.tandem.feedback;

import io.tandem.platform.ProblemException;

/** A page of a list: at most 500 items (100 unless asked), from an offset. */
record Paging(int limit, int offset) {

    static Paging of(Integer limit, Integer offset) {
        Paging p = new Paging(limit == null ? 100 : limit, offset == null ? 0 : offset);
        if (p.limit < 1 || p.limit > 500 || p.offset < 0) {
            throw ProblemException.invalid("limit: 1 to 500; offset: 0 or more");
        }
        return p;
    }
}
