package io.tandem.platform.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.tandem.platform.ProblemException;
import jakarta.inject.Singleton;

import java.util.Map;

@Singleton
public class ProblemExceptionHandler implements ExceptionHandler<ProblemException, HttpResponse<Map<String, Object>>> {

    @Override
    public HttpResponse<Map<String, Object>> handle(HttpRequest request, ProblemException exception) {
        int status = exception.kind().status();
        return HttpResponse.<Map<String, Object>>status(io.micronaut.http.HttpStatus.valueOf(status))
                .contentType(ProblemDetails.MEDIA_TYPE)
                .body(ProblemDetails.of(status, exception.getMessage()));
    }
}
