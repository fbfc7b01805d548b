package io.tandem.platform.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import java.io.IOException;

/**
 * Tomcat's own error answers (raised before any servlet runs, or by a servlet that failed outright)
 * as problem+json instead of Tomcat's HTML page, which also named the server's version.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String detail = status >= 500 ? "Something went wrong on our side; it has been logged."
                : "The request could not be understood (for example a malformed address or header).";
        try {
            response.setContentType(ProblemDetails.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(ProblemDetails.json(status, detail));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client went away; nothing left to tell it
        }
    }
}
