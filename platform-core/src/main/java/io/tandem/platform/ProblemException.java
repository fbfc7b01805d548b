package io.tandem.platform;

/**
 * A request Tandem refuses for a reason the caller can fix or understand. Services throw it in the
 * business's words; the web layer turns it into an application/problem+json response.
 */
public class ProblemException extends RuntimeException {

    /** Why the request was refused; each maps to one HTTP status. */
    public enum Kind {
        INVALID(400), UNAUTHORIZED(401), FORBIDDEN(403), NOT_FOUND(404), CONFLICT(409), TOO_LARGE(413), TOO_MANY_REQUESTS(429),
        /** A service Tandem depends on (the identity provider) did not answer or refused: try again later. */
        UNAVAILABLE(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public ProblemException(Kind kind, String detail) {
        super(detail);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static ProblemException invalid(String detail) {
        return new ProblemException(Kind.INVALID, detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Kind.NOT_FOUND, detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Kind.CONFLICT, detail);
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(Kind.UNAVAILABLE, detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Kind.FORBIDDEN, detail);
    }
}
