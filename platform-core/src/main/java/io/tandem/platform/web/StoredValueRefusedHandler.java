package io.tandem.platform.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * The last line against bad input: when a value got past validation and the database refused to
 * store it (a number or date out of range, a NUL character, a broken constraint), the caller sent
 * something wrong, so the answer is a 400, not a 500. Validation in the services gives the precise
 * message; this says what kind of value was refused. Every other database error is still a 500.
 */
@Singleton
public class StoredValueRefusedHandler implements ExceptionHandler<DataAccessException, HttpResponse<Map<String, Object>>> {

    private static final Logger LOG = LoggerFactory.getLogger(StoredValueRefusedHandler.class);

    @Override
    public HttpResponse<Map<String, Object>> handle(HttpRequest request, DataAccessException exception) {
        Optional<String> refusal = sqlState(exception).flatMap(StoredValueRefusedHandler::describe);
        if (refusal.isEmpty()) {
            LOG.error("Database error on {} {}", request.getMethod(), request.getPath(), exception);
            return problem(500, null);
        }
        LOG.warn("Refused a value on {} {}: {}", request.getMethod(), request.getPath(), rootMessage(exception));
        return problem(400, refusal.get());
    }

    /** SQLSTATE classes 22 (data exception) and 23514 (check violation) are the caller's values. */
    static Optional<String> describe(String state) {
        return switch (state) {
            case "22021", "22P05" -> Optional.of("A text contains a character that cannot be stored (such as NUL, \\u0000).");
            case "22003" -> Optional.of("A number is out of the range Tandem can store.");
            case "22008", "22007" -> Optional.of("A date or time is out of the range Tandem can store.");
            case "22001" -> Optional.of("A text is longer than Tandem can store for that field.");
            case "23514" -> Optional.of("A value is outside what that field allows.");
            default -> state.startsWith("22") ? Optional.of("A value could not be stored as given.") : Optional.empty();
        };
    }

    private static Optional<String> sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static HttpResponse<Map<String, Object>> problem(int status, String detail) {
        String text = status >= 500 ? "Something went wrong on our side; it has been logged." : detail;
        return HttpResponse.<Map<String, Object>>status(HttpStatus.valueOf(status))
                .contentType(ProblemDetails.MEDIA_TYPE)
                .body(ProblemDetails.of(status, text));
    }
}
