package io.tandem.tenancy.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Signup;

import java.util.UUID;

@Controller("/api/v1/signup")
@Secured(SecurityRule.IS_ANONYMOUS)
public class SignupController {

    private final Signup signup;

    public SignupController(Signup signup) {
        this.signup = signup;
    }

    @Post
    public HttpResponse<SignupResponse> signUp(@Body SignupRequest request) {
        SignedInUser admin = signup.signUp(request.company(), request.name(), request.email(), request.password());
        return HttpResponse.created(new SignupResponse(admin.tenantId(), admin.userId()));
    }

    @Serdeable
    public record SignupRequest(@Nullable String company, @Nullable String name, @Nullable String email, @Nullable String password) {
    }

    @Serdeable
    public record SignupResponse(UUID tenantId, UUID userId) {
    }
}
